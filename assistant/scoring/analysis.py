"""The measurements behind a score: units, their quality, per-point credit, errors, answer features."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
from pypinyin import lazy_pinyin

from ..spoken import spoken_operators
from ..tutor.compose import content_tokens
from .arithmetic import arithmetic_errors
from .canon import canon_errors
from .contrary import Statement, content_words, contrary_errors
from .evidence import (
    UnitQuality,
    grams,
    meets,
    point_demands,
    source_grams,
    telling_question,
    term_share,
    unit_quality,
)
from .facts import Error, ErrorRule, Misconception, find_errors
from .units import Unit, matching_form, split_units

POINT_FEATURES = ("best", "second", "dense", "lexical", "quality", "meets", "spread", "cosine", "contrast",
                  "b_copy", "b_bare",
                  "a_bare", "a_copy", "a_generic", "a_focus", "a_length", "a_terms")
# The point model reads each feature and its square: a point is rarely half-covered, so the graders' share
# rises steeply once the evidence is clear (grouped CV on the fit split: Spearman 0.866 → 0.873, MAE 9.1 → 8.6).
POINT_INPUTS = POINT_FEATURES + tuple(f"{k}^2" for k in POINT_FEATURES)
EMBED_CHARS = 300  # latency budget: longer answers embed their most rubric-like units only
HIGH = 0.35  # share of copied / bare text above which the hinge features start
TERMS = 0.75  # share of term-only text above which an answer reads as a list (examiners' good answers: ≤ 0.71)


@dataclass
class Analysis:
    units: list[Unit]
    quality: list[UnitQuality]
    credits: list[float]  # per rubric point, 0–1 (0 where a misconception was stated)
    evidence: list[str]  # per rubric point, the unit that earned the credit, exactly as said
    errors: list[Error]
    features: dict[str, float]
    point_features: np.ndarray  # [point, POINT_FEATURES]: what the point model reads


@dataclass(frozen=True)
class Context:
    """What answers to one question are measured against, computed once per question and rubric."""
    points: list[str]
    weights: np.ndarray
    misconceptions: list[Misconception]
    source: set[str]  # 4-grams of the question and rubric (copying is measured against them)
    terms: dict[tuple[str, ...], str]  # words whose homophones are put back
    topic_words: set[str]  # content words of the question and rubric
    point_words: list[set[str]]
    point_sounds: list[set[str]]
    demands: list[frozenset[str]]
    rarity: dict[str, float]  # the question's own content words and how rare each is in the bank
    statements: list[Statement]  # correct statements an answer clause may contradict
    point_grams: list[set[str]]  # each rubric point's 4-grams (read-back is measured against them)
    question_words: frozenset[str] = frozenset()  # the question's words in matching form (restating is measured)


# A slip the candidate corrects at once ("时效两年——哦不，现在是三年", "乙排第一——说反了"): examiners do not
# mark it, so an error found in that stretch of speech is not one.
_SELF_CORRECTION = re.compile(r"(——|—|--)\s*(哦|呃|嗯|啊)?[,，]?\s*(不对|不是|不(?=[,，]))|[,，]\s*(哦|呃)[,，]?\s*(不对|不是)|"
                              r"说反了|说错了|口误|更正一下")


def self_corrected(units: list[Unit], n: int) -> bool:
    nxt = units[n + 1].raw if n + 1 < len(units) and units[n + 1].sentence == units[n].sentence else ""
    return bool(_SELF_CORRECTION.search(units[n].raw + nxt))


def context(scorer, question: str, rubric: list[tuple[str, int]]) -> Context:
    points = [pt for pt, _ in rubric]
    topic = content_tokens(scorer.tokenizer, question + "".join(points))
    point_words = [content_tokens(scorer.tokenizer, pt) for pt in points]
    misconceptions = scorer.facts.lookup(question, points)
    return Context(points, np.array([w for _, w in rubric], dtype=float), misconceptions,
                   source_grams(matching_form(question), [matching_form(pt) for pt in points]),
                   scorer.sounds.terms(topic), topic, point_words,
                   [_sounds(w) for w in point_words], [point_demands(pt) for pt in points],
                   {w: scorer.facts.rarity(w) for w in content_tokens(scorer.tokenizer, question)},
                   _statements(points, misconceptions, content_words(scorer.tokenizer.words)),
                   [grams(matching_form(pt)) for pt in points],
                   frozenset(w for w in scorer.tokenizer.tokens(matching_form(question)) if len(w) >= 2))


def _statements(points: list[str], misconceptions: list[Misconception], words) -> list[Statement]:
    """A bank question's rubric points and its misconceptions' correct statements (both true by construction);
    a rubric the bank does not hold has no vetted statements of its own."""
    own = [m for m in misconceptions if m.point is not None and 0 <= m.point < len(points)]
    if not own:
        return []
    study = own[0].locator
    return [Statement.of(pt, n, study, words) for n, pt in enumerate(points)] + \
        [Statement.of(m.right, m.point, m.locator, words) for m in own]


def _scaled(params: dict, cosine: np.ndarray | float):
    return np.clip((np.asarray(cosine) - params["dense_floor"]) / params["dense_span"], 0.0, 1.0)


def _sounds(words) -> set[str]:
    """Toneless pinyin syllable pairs within each word: 施信/失信 and 赞行/暂行 sound alike."""
    out = set()
    for w in words:
        syl = [s for s in lazy_pinyin(w) if s.isalpha()]
        out |= {syl[i] + syl[i + 1] for i in range(len(syl) - 1)}
    return out


def _lexical(scorer, texts: list[str], ctx: Context) -> np.ndarray:
    """Share of each point's content words present in each unit, averaged with the share of their sounds
    (pinyin syllable pairs), which survive a recogniser's homophone slips."""
    wants, want_bi = ctx.point_words, ctx.point_sounds
    out = np.zeros((len(texts), len(wants)))
    for u, text in enumerate(texts):
        words = set(scorer.tokenizer.tokens(text))
        grams = _sounds(re.findall(r"[\u4e00-\u9fff]+", text))
        for n, want in enumerate(wants):
            if want:
                out[u, n] = 0.5 * len(want & words) / len(want) + 0.5 * len(want_bi[n] & grams) / max(1, len(want_bi[n]))
    return out


def _embed_budgeted(scorer, texts: list[str], lexical: np.ndarray) -> np.ndarray:
    """Unit vectors for the units that share most words with the rubric, up to EMBED_CHARS characters in all
    (the embedder costs about 0.3 ms a character on 2 cores); the other rows stay zero."""
    order = sorted(range(len(texts)), key=lambda u: -float(lexical[u].max()))
    chosen, used = [], 0
    for u in order:
        if not chosen or used + len(texts[u]) <= EMBED_CHARS:
            chosen.append(u)
            used += len(texts[u])
    vecs = np.zeros((len(texts), scorer.embedder.dim), dtype=np.float32)
    vecs[chosen] = scorer.embedder.embed_passages([texts[u] for u in chosen])
    return vecs


def _weighted(values: list[float], units: list[Unit]) -> float:
    sizes = [len(u.raw) for u in units]
    return float(np.dot(values, sizes) / sum(sizes)) if units else 0.0


def analyse(scorer, ctx: Context, question: str, answer: str, spoken: bool = False) -> Analysis:
    p = scorer.params
    points, weights = ctx.points, ctx.weights
    units = split_units(answer, scorer.tokenizer)
    if not units:
        units = [Unit(answer.strip(), answer.find(answer.strip()), matching_form(answer))]
    # A transcript's misheard operators ("600万成25%") are put right for matching, as the recogniser's
    # corrector does for new transcripts.
    norms = [spoken_operators(u.norm)[0] if spoken else u.norm for u in units]
    units = [Unit(u.raw, u.start, scorer.sounds.correct(n, ctx.terms), u.sentence) for u, n in zip(units, norms)]
    told_back = telling_question(units)
    quality = [unit_quality(u, ctx.source, scorer.tokenizer, ctx.question_words, u.sentence in told_back)
               for u in units]
    texts = [u.norm for u in units]
    lexical = _lexical(scorer, texts, ctx)
    if scorer.embedder is not None:
        vecs = _embed_budgeted(scorer, texts, lexical)
        cosine = vecs @ np.stack([scorer.embed_query(pt) for pt in points]).T
        unembedded = ~vecs.any(axis=1)
        cosine[unembedded] = p["dense_floor"] + lexical[unembedded] * p["dense_span"]  # words stand in for meaning
        dense = _scaled(p, cosine)
        q_sim = float(_scaled(p, np.max(vecs[~unembedded] @ scorer.embed_query(question))))
    else:
        vecs, dense, q_sim = None, lexical, 0.0
        cosine = lexical
    relevance = 0.5 * dense + 0.5 * lexical  # [unit, point]
    own = np.array([q.quality(p["copy_floor"], p["copy_span"]) for q in quality])
    specific = [q.specific for q in quality]
    fit = np.array([[meets(d, specific[u]) for d in ctx.demands] for u in range(len(units))])
    credit = relevance * own[:, None] * (1 - p["demand_share"] + p["demand_share"] * fit)
    best = np.argmax(credit, axis=0)
    evidence = [units[best[n]].raw for n in range(len(points))]
    words_of = lambda text: content_tokens(scorer.tokenizer, text)  # noqa: E731
    rule = ErrorRule(p["says_floor"], p["says_margin"], p["lex_min"], p["lex_margin"])
    errors = find_errors(ctx.misconceptions, units, [words_of(u.norm) for u in units], words_of, vecs,
                         scorer.embed_query, relevance, rule)
    # One error per unit: the question's own misconceptions first, then the canonical facts, then the
    # question's own correct statements contradicted, then a computation worked out wrongly.
    for found in (canon_errors(scorer.facts.canon, units, relevance, points),
                  contrary_errors(ctx.statements, units, content_words(scorer.tokenizer.words)),
                  arithmetic_errors(units, relevance)):
        errors += [e for e in found if not any(x.unit == e.unit for x in errors)]
    errors = [e for e in errors if 0 <= e.point < len(points) and not self_corrected(units, e.unit)]
    erred = {e.point for e in errors}
    context = {"a_bare": _weighted([1.0 - q.predicate for q in quality], units),
               "a_copy": _weighted([q.copied for q in quality], units),
               "a_generic": _weighted([q.generic for q in quality], units),
               "a_focus": _weighted(list(relevance.max(axis=1) * own), units),
               "a_length": min(1.0, math.log1p(sum(len(u.raw) * o for u, o in zip(units, own))) / math.log1p(400)),
               "a_terms": term_share(answer, scorer.tokenizer)}
    pf = np.array([_point_row(credit, n, dense[:, n], lexical[:, n], own, fit[:, n], relevance, cosine[:, n],
                              quality, context) for n in range(len(points))])
    pf = np.hstack([pf, pf ** 2])
    credits = [0.0 if n in erred else c for n, c in enumerate(point_shares(p, pf, spoken))]
    total = weights.sum() or 1.0
    stated = [len(s) * o for s, o in zip(specific, own)]
    said = set().union(*(scorer.tokenizer.tokens(u.norm) for u in units))
    lex_rel = len(ctx.topic_words & said) / len(ctx.topic_words) if ctx.topic_words else 0.0
    rare = ctx.rarity
    keyterms = sum(r for w, r in rare.items() if w in said) / sum(rare.values()) if rare else 0.0
    features = {
        "cover": float(np.dot(weights, credits) / total),
        "topical": float(np.dot(weights, relevance.max(axis=0)) / total),
        "relevance": 0.5 * lex_rel + 0.5 * q_sim if vecs is not None else lex_rel,
        "keyterms": keyterms,  # the question's own rarer words the answer uses (a neighbouring topic lacks them)
        "specific": min(1.0, math.log1p(sum(stated)) / math.log1p(10)),
        "focus": context["a_focus"], "own": context["a_length"], "copy": context["a_copy"],
        "generic": context["a_generic"], "bare": context["a_bare"],
        "errors": float(min(2, len(errors))),
        # Past a point, copying and bare terms mean the answer is a read-back or a term list, whatever else.
        "copy_hi": max(0.0, context["a_copy"] - HIGH) / (1 - HIGH),
        "recall": _rubric_recall(ctx, units),
        "bare_hi": max(0.0, context["a_bare"] - HIGH) / (1 - HIGH),
        "terms_hi": max(0.0, context["a_terms"] - TERMS) / (1 - TERMS),
    }
    features["rival_words"], features["rival_margin"] = scorer.rival_margins(question, points, answer,
                                                                             " ".join(u.norm for u in units))
    return Analysis(units, quality, credits, evidence, errors, features, pf)


def _rubric_recall(ctx: Context, units: list[Unit]) -> float:
    """Mean share of each rubric point's own wording (4-grams) the answer repeats verbatim. Candidates never
    see the rubric: an answer that repeats most of it is reading it back, however it is dressed."""
    said = grams("".join(u.norm for u in units))
    shares = [len(g & said) / len(g) for g in ctx.point_grams if g]
    return float(np.mean(shares)) if shares else 0.0


def _point_row(credit_all, n, dense, lexical, own, fit, relevance_all, cosine, quality, context) -> list[float]:
    credit, relevance = credit_all[:, n], relevance_all[:, n]
    order = np.argsort(-credit)
    top = order[:2]
    # How much more the best unit speaks to this point than to the rubric's points on average: a generic
    # sentence is close to every point, a real answer to one point is close to that point.
    contrast = float(relevance[order[0]] - relevance_all[order[0]].mean())
    return [float(credit[order[0]]), float(credit[order[1]]) if len(order) > 1 else 0.0, float((dense * own).max()),
            float((lexical * own).max()), float(own[order[0]]), float(fit[top].max()),
            min(1.0, float((relevance >= 0.5).sum()) / 3), float((cosine * own).max()), contrast,
            quality[order[0]].copied, 1.0 - quality[order[0]].predicate, *(context[k] for k in POINT_FEATURES[11:])]


def point_shares(params: dict, pf: np.ndarray, spoken: bool = False) -> list[float]:
    """Share of each point's weight the graders would give (fitted logistic model over POINT_INPUTS);
    before a fit exists, the best unit's credit. A spoken answer is read from a transcript: homophones and
    dropped syllables weaken what it shows of a point the examiners heard in full, so its evidence is given the
    `spoken_logit` offset fitted on the speech-recognised copies of the fit split (evals/fit_scoring.py)."""
    coef = params.get("point_coef")
    if not coef:
        return [float(x) for x in pf[:, 0]]
    z = params["point_intercept"] + (params.get("spoken_logit", 0.0) if spoken else 0.0) + \
        pf @ np.array([coef[k] for k in POINT_INPUTS])
    return [float(x) for x in 1 / (1 + np.exp(-z))]
