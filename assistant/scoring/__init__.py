"""Offline rubric scorer: per-point evidence → calibrated 0–100 score, per-point status, dimensions.

The calibration is a small linear model over weighted evidence features, fitted on the fit split of
evals/datasets/scoring_dev.jsonl by evals/fit_scoring.py and stored in params.json (versioned).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..providers.embeddings import Embedder
from ..tokenize import Tokenizer
from ..tutor.compose import content_tokens
from .features import PointEvidence, clean, point_evidence, sentences

PARAMS_PATH = Path(__file__).with_name("params.json")
DIMENSIONS = ("专业知识", "实践应用", "逻辑表达", "合规意识")
_DIMENSION_RE = {
    "合规意识": re.compile(r"法|条例|合规|守则|授权|隐私|个人信息|监管|禁止|不得"),
    "实践应用": re.compile(r"举例|案例|算例|流程|步骤|实际|操作|措施|方案|做法|实施"),
}
_STRUCTURE = re.compile(r"首先|其次|再次|最后|第一|第二|第三|一是|二是|三是|总之|所以|因此")
FEATURES = ("dense", "lexical", "figures", "named", "relevance", "length")


@dataclass(frozen=True)
class PointScore:
    point: str
    weight: int
    status: str  # covered | partly | missing
    credit: float  # 0–1
    evidence: str  # the answer sentence closest to the point ("" when missing)


@dataclass
class ScoreCard:
    score: float  # calibrated 0–100
    points: list[PointScore]
    dimensions: dict[str, float]  # 0–100 each
    off_topic: bool = False
    empty: bool = False
    features: dict[str, float] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        return [p.point for p in self.points if p.status != "covered"]

    def to_json(self) -> dict:
        return {"score": self.score, "off_topic": self.off_topic, "empty": self.empty,
                "dimensions": self.dimensions,
                "points": [{"point": p.point, "weight": p.weight, "status": p.status, "credit": round(p.credit, 3),
                            "evidence": p.evidence} for p in self.points]}


def load_params(path: Path = PARAMS_PATH) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


class Scorer:
    def __init__(self, embedder: Embedder | None, tokenizer: Tokenizer, params: dict | None = None,
                 chat=None, prompts_dir: Path | None = None) -> None:
        self.embedder, self.tokenizer = embedder, tokenizer
        self.params = params or load_params()
        self.chat, self.prompts_dir = chat, prompts_dir  # optional LLM checklist (judge.py)
        self._query_vectors: dict[str, np.ndarray] = {}  # rubric points and questions repeat across answers

    def _embed_query(self, text: str) -> np.ndarray:
        if text not in self._query_vectors:
            if len(self._query_vectors) > 4096:
                self._query_vectors.clear()
            self._query_vectors[text] = self.embedder.embed_queries([text])[0]
        return self._query_vectors[text]

    def features(self, question: str, rubric: list[tuple[str, int]], answer: str) -> tuple[dict, list[PointEvidence]]:
        text = clean(answer)
        sents = sentences(text)
        vectors = self.embedder.embed_passages(sents) if self.embedder is not None and sents else None
        embed = self._embed_query if self.embedder is not None else None
        evidence = point_evidence([p for p, _ in rubric], text, embed, self.tokenizer, vectors, sents)
        total = sum(w for _, w in rubric) or 1
        dense = [self._scaled(e.dense) for e in evidence]
        feats = {
            "dense": sum(w * d for (_, w), d in zip(rubric, dense)) / total,
            "lexical": sum(w * e.lexical for (_, w), e in zip(rubric, evidence)) / total,
            "figures": sum(w * e.figures for (_, w), e in zip(rubric, evidence)) / total,
            "named": sum(w * e.named for (_, w), e in zip(rubric, evidence)) / total,
            "relevance": self._relevance(question, rubric, text, vectors),
            "length": min(1.0, math.log1p(len(text)) / math.log1p(400)),
        }
        return feats, evidence

    def _relevance(self, question: str, rubric, text: str, vectors) -> float:
        topic = content_tokens(self.tokenizer, question + "".join(p for p, _ in rubric))
        words = set(self.tokenizer.tokens(text))
        lexical = len(topic & words) / len(topic) if topic else 0.0
        if vectors is None or self.embedder is None:
            return lexical
        return 0.5 * lexical + 0.5 * self._scaled(float(np.max(vectors @ self._embed_query(question))))

    def _scaled(self, cosine: float) -> float:
        """e5 cosines sit in a narrow band: map [floor, floor + span] onto [0, 1]."""
        p = self.params
        return min(1.0, max(0.0, (cosine - p["dense_floor"]) / p["dense_span"]))

    def score(self, question: str, rubric: list[tuple[str, int]], answer: str) -> ScoreCard:
        if not clean(answer).strip():
            points = [PointScore(pt, w, "missing", 0.0, "") for pt, w in rubric]
            return ScoreCard(0.0, points, dict.fromkeys(DIMENSIONS, 0.0), empty=True)
        feats, evidence = self.features(question, rubric, answer)
        p = self.params
        raw = self.linear(feats)
        if p.get("knots_x"):  # monotone (isotonic) calibration of the linear score
            raw = float(np.interp(raw, p["knots_x"], p["knots_y"]))
        off_topic = feats["lexical"] < p["offtopic_lexical"] and feats["dense"] < p["offtopic_dense"]
        score = min(p["offtopic_cap"], raw) if off_topic else raw
        score = round(min(100.0, max(0.0, score)), 1)
        points = [self._point(pt, w, e) for (pt, w), e in zip(rubric, evidence)]
        if self.chat is not None and not off_topic:
            from .judge import blend, checklist

            flags = checklist(self.chat, self.prompts_dir, question, rubric, answer)
            if flags is not None:
                score = blend(score, rubric, flags)
                feats["llm_points"] = float(sum(flags))
        return ScoreCard(score, points, self._dimensions(points, answer, score), off_topic, False, feats)

    def linear(self, feats: dict[str, float]) -> float:
        p = self.params
        return p["intercept"] + sum(p["coef"][k] * feats[k] for k in FEATURES)

    def _point(self, point: str, weight: int, e: PointEvidence) -> PointScore:
        p = self.params
        credit = 0.5 * self._scaled(e.dense) + 0.5 * e.lexical
        status = "covered" if credit >= p["covered_at"] else "partly" if credit >= p["partly_at"] else "missing"
        return PointScore(point, weight, status, credit, e.evidence if status != "missing" else "")

    @staticmethod
    def _dimensions(points: list[PointScore], answer: str, score: float) -> dict[str, float]:
        out = {}
        for dim in ("合规意识", "实践应用"):
            mine = [p for p in points if _DIMENSION_RE[dim].search(p.point)]
            out[dim] = round(100 * sum(p.weight * p.credit for p in mine) / sum(p.weight for p in mine), 1) if mine else score
        knowledge = [p for p in points if not any(r.search(p.point) for r in _DIMENSION_RE.values())] or points
        out["专业知识"] = round(100 * sum(p.weight * p.credit for p in knowledge) / sum(p.weight for p in knowledge), 1)
        structure = min(1.0, len(_STRUCTURE.findall(answer)) / 3)
        out["逻辑表达"] = round(min(100.0, 0.6 * score + 40 * structure), 1)
        return {d: out[d] for d in DIMENSIONS}
