"""Offline rubric scorer: per-point evidence from the candidate's own statements → calibrated 0–100.

A point earns credit from the answer unit most relevant to it, discounted when that unit is not a claim
(a bare term or enumeration), copied from the question or rubric, or boilerplate, and when it lacks the
figure/law/example/step the point asks for. A unit that states a known misconception voids its point.
The calibration (ridge + isotonic over answer-level features) is fitted by evals/fit_scoring.py on the
fit split of evals/datasets/scoring_calib.jsonl and stored in params.json (versioned).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..providers.embeddings import Embedder
from ..tokenize import Tokenizer
from ..tutor.compose import content_tokens
from .analysis import Analysis, Context, analyse, context
from .dimensions import DIMENSIONS, dimensions
from .facts import Error, FactBook
from .rivals import CLEAR, Rivals
from .sounds import SoundLexicon

PARAMS_PATH = Path(__file__).with_name("params.json")
FEATURES = ("cover", "topical", "relevance", "keyterms", "specific", "focus", "own", "copy", "generic", "bare", "errors",
            "copy_hi", "bare_hi", "cover_focus", "terms_hi")


def feature_row(feats: dict[str, float]) -> list[float]:
    """The answer model's inputs. cover × focus: points covered by an answer that says little else (a short,
    correct answer) are worth more than the same points lost in a long one."""
    return [feats["cover"] * feats["focus"] if k == "cover_focus" else feats[k] for k in FEATURES]


CACHE_LIMIT = 4096


@dataclass(frozen=True)
class PointScore:
    point: str
    weight: int
    status: str  # covered | partly | missing | wrong
    credit: float  # 0–1
    evidence: str  # the candidate's words that earned it, exactly as said ("" when missing)
    error: str = ""  # "错误：…（应为：…〔locator〕）" when the point was answered wrongly


@dataclass
class ScoreCard:
    score: float  # calibrated 0–100
    points: list[PointScore]
    dimensions: dict[str, float]  # 0–100 each
    off_topic: bool = False
    empty: bool = False
    features: dict[str, float] = field(default_factory=dict)
    errors: list[Error] = field(default_factory=list)
    judge: str = "offline"  # which scorer marked it: offline | llm (the LLM checklist blended in)
    offline_score: float | None = None  # the offline mark alone, so a session can be marked by one scorer

    @property
    def missing(self) -> list[str]:
        return [p.point for p in self.points if p.status != "covered"]

    def to_json(self) -> dict:
        return {"score": self.score, "off_topic": self.off_topic, "empty": self.empty,
                "dimensions": self.dimensions, "errors": [e.text() for e in self.errors],
                "points": [{"point": p.point, "weight": p.weight, "status": p.status, "credit": round(p.credit, 3),
                            "evidence": p.evidence, **({"error": p.error} if p.error else {})} for p in self.points]}


def load_params(path: Path = PARAMS_PATH) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


class Scorer:
    def __init__(self, embedder: Embedder | None, tokenizer: Tokenizer, params: dict | None = None,
                 chat=None, prompts_dir: Path | None = None, facts: FactBook | None = None,
                 sounds: SoundLexicon | None = None, rivals: Rivals | None = None) -> None:
        self.embedder, self.tokenizer = embedder, tokenizer
        self.params = params or load_params()
        self.chat, self.prompts_dir = chat, prompts_dir  # optional LLM checklist (judge.py)
        self.facts = facts or FactBook()
        self.sounds = sounds or SoundLexicon([])  # homophones of domain words put back before matching
        self.rivals = rivals  # the bank's questions, against which an off-topic answer is recognised
        self._vectors: dict[str, np.ndarray] = {}  # rubric points, questions and facts repeat across answers
        self._contexts: dict[tuple, Context] = {}  # per question and rubric, built on its first answer

    def embed_query(self, text: str) -> np.ndarray | None:
        if self.embedder is None:
            return None
        if text not in self._vectors:
            if len(self._vectors) > CACHE_LIMIT:
                self._vectors.clear()
            self._vectors[text] = self.embedder.embed_queries([text])[0]
        return self._vectors[text]

    def rival_margins(self, question: str, points: list[str], answer: str, said: str = "") -> tuple[float, float]:
        """How much better the asked question fits the answer than any other bank question (words, combined)."""
        if self.rivals is None:
            return CLEAR, CLEAR
        return self.rivals.margins(question, points, answer, self.embedder, self.embed_query, said)

    def prepare(self, question: str, rubric: list[tuple[str, int]]) -> None:
        """Embed a question's fixed texts (question, rubric points, known wrong claims and their corrections)
        in one batch ahead of its answers, so that answering never waits for them."""
        if self.embedder is None:
            return
        ctx = self.context(question, rubric)
        texts = [question, *ctx.points, *(x for m in ctx.misconceptions for x in (*m.says, m.right))]
        todo = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if todo:
            self._vectors.update(zip(todo, self.embedder.embed_queries(todo)))

    def context(self, question: str, rubric: list[tuple[str, int]]) -> Context:
        key = (question, tuple(rubric))
        if key not in self._contexts:
            if len(self._contexts) > CACHE_LIMIT:
                self._contexts.clear()
            self._contexts[key] = context(self, question, rubric)
        return self._contexts[key]

    def analyse(self, question: str, rubric: list[tuple[str, int]], answer: str, spoken: bool = False) -> Analysis:
        return analyse(self, self.context(question, rubric), question, answer, spoken)

    def score(self, question: str, rubric: list[tuple[str, int]], answer: str, spoken: bool = False) -> ScoreCard:
        """`spoken`: the answer is a speech-recognition transcript (see analysis.point_shares)."""
        if not content_tokens(self.tokenizer, answer or ""):
            points = [PointScore(pt, w, "missing", 0.0, "") for pt, w in rubric]
            return ScoreCard(0.0, points, dict.fromkeys(DIMENSIONS, 0.0), empty=True)
        a = self.analyse(question, rubric, answer, spoken)
        p = self.params
        off_topic = a.features["cover"] < p["offtopic_cover"] and a.features["keyterms"] < p["offtopic_keyterms"] \
            or a.features["rival_words"] < p.get("rival_words_at", -1.0) and \
            a.features["rival_margin"] < p.get("rival_margin_at", -1.0)
        points = self._points(rubric, a)
        credits = [pt.credit for pt in points]
        if self.chat is not None and not off_topic:
            from .judge import blend, checklist

            flags = checklist(self.chat, self.prompts_dir, question, rubric, answer)
            if flags is not None:  # the model may confirm a point only where offline evidence is a real claim
                flags = [f and c >= p["partly_at"] and pt.status != "wrong" for f, c, pt in zip(flags, credits, points)]
                a.features["llm_points"] = float(sum(flags))
        score = self.calibrated(a.features)
        if off_topic:
            score = min(p["offtopic_cap"], score)
        if a.features["copy"] >= p.get("copied_at", 1.1):  # mostly the question's or rubric's own words
            score = min(p["copied_cap"], score)
        if a.features["recall"] >= p.get("recall_at", 1.1):  # most of the rubric's wording, read back
            score = min(p["recall_cap"], score)
        # A confidently stated error costs the answer as a whole, as examiners mark it, whoever judges it; what
        # the rest of the answer still covers sets how far (examiners' marks for such answers follow it).
        cap = p.get("error_cap", 100.0) + p.get("error_cap_per_cover", 0.0) * a.features["cover"] \
            if a.errors else 100.0
        score = min(cap, score)
        offline = round(min(100.0, max(0.0, score)), 1)
        if self.chat is not None and "llm_points" in a.features:  # blend clamps and rounds too
            score, judge = min(cap, blend(offline, rubric, flags)), "llm"  # from the shown offline mark
        else:
            score, judge = offline, "offline"
        return ScoreCard(score, points, dimensions(points, a, score), off_topic, False, a.features, a.errors,
                         judge, offline)

    def calibrated(self, feats: dict[str, float]) -> float:
        p = self.params
        raw = p["intercept"] + float(np.dot([p["coef"][k] for k in FEATURES], feature_row(feats)))
        return float(np.interp(raw, p["knots_x"], p["knots_y"])) if p.get("knots_x") else raw

    def _points(self, rubric: list[tuple[str, int]], a: Analysis) -> list[PointScore]:
        p, out = self.params, []
        for n, (point, weight) in enumerate(rubric):
            error = next((e for e in a.errors if e.point == n), None)
            credit = 0.0 if error else a.credits[n]
            status = "wrong" if error else "covered" if credit >= p["covered_at"] else \
                "partly" if credit >= p["partly_at"] else "missing"
            quote = error.quote if error else a.evidence[n] if status != "missing" else ""
            out.append(PointScore(point, weight, status, credit, quote, error.text() if error else ""))
        return out
