"""The measurements behind a score: units, their quality, per-point credit, errors, answer features."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..tutor.compose import content_tokens
from .evidence import UnitQuality, grams, meets, point_demands, unit_quality
from .facts import Error, Misconception, find_errors
from .units import Unit, matching_form, split_units

MAX_UNITS = 24  # longer answers keep their most topical units (latency bound on 2 cores)


@dataclass
class Analysis:
    units: list[Unit]
    quality: list[UnitQuality]
    credits: list[float]  # per rubric point, 0–1 (before errors)
    evidence: list[str]  # per rubric point, the unit that earned the credit, exactly as said
    errors: list[Error]
    features: dict[str, float]


def _scaled(params: dict, cosine: np.ndarray | float):
    return np.clip((np.asarray(cosine) - params["dense_floor"]) / params["dense_span"], 0.0, 1.0)


def _lexical(scorer, texts: list[str], points: list[str]) -> np.ndarray:
    """Share of each point's content words present in each unit."""
    wants = [content_tokens(scorer.tokenizer, p) for p in points]
    out = np.zeros((len(texts), len(points)))
    for u, text in enumerate(texts):
        words = set(scorer.tokenizer.tokens(text))
        for n, want in enumerate(wants):
            out[u, n] = len(want & words) / len(want) if want else 0.0
    return out


def _weighted(values: list[float], units: list[Unit]) -> float:
    sizes = [len(u.raw) for u in units]
    return float(np.dot(values, sizes) / sum(sizes)) if units else 0.0


def analyse(scorer, question: str, rubric: list[tuple[str, int]], answer: str,
            known: list[Misconception]) -> Analysis:
    p = scorer.params
    points = [pt for pt, _ in rubric]
    weights = np.array([w for _, w in rubric], dtype=float)
    units = split_units(answer, scorer.tokenizer)
    if not units:
        units = [Unit(answer.strip(), answer.find(answer.strip()), matching_form(answer))]
    source = grams(matching_form(question + "".join(points)))
    quality = [unit_quality(u, source, scorer.tokenizer) for u in units]
    texts = [u.norm for u in units]
    lexical = _lexical(scorer, texts, points)
    if scorer.embedder is not None:
        vecs = scorer.embedder.embed_passages(texts)
        dense = _scaled(p, vecs @ np.stack([scorer.embed_query(pt) for pt in points]).T)
        q_sim = float(_scaled(p, np.max(vecs @ scorer.embed_query(question))))
    else:
        vecs, dense, q_sim = None, lexical, 0.0
    relevance = 0.5 * dense + 0.5 * lexical  # [unit, point]
    own = np.array([q.quality(p["copy_floor"], p["copy_span"]) for q in quality])
    demands = [point_demands(pt) for pt in points]
    specific = [q.specific for q in quality]
    fit = np.array([[meets(d, specific[u]) for d in demands] for u in range(len(units))])
    credit = relevance * own[:, None] * (1 - p["demand_share"] + p["demand_share"] * fit)
    best = np.argmax(credit, axis=0)
    credits = [float(credit[best[n], n]) for n in range(len(points))]
    evidence = [units[best[n]].raw for n in range(len(points))]
    errors = find_errors(known, units, vecs, scorer.embed_query, relevance, p["says_floor"], p["says_margin"])
    errors = [e for e in errors if 0 <= e.point < len(points)]
    total = weights.sum() or 1.0
    stated = [len(s) * o for s, o in zip(specific, own)]
    topic_words = content_tokens(scorer.tokenizer, question + "".join(points))
    said = set(scorer.tokenizer.tokens(answer))
    lex_rel = len(topic_words & said) / len(topic_words) if topic_words else 0.0
    erred = {e.point for e in errors}
    features = {
        "cover": float(sum(w * (0.0 if n in erred else c) for n, (w, c) in enumerate(zip(weights, credits))) / total),
        "topical": float(np.dot(weights, relevance.max(axis=0)) / total),
        "relevance": 0.5 * lex_rel + 0.5 * q_sim if vecs is not None else lex_rel,
        "specific": min(1.0, math.log1p(sum(stated)) / math.log1p(10)),
        "own": min(1.0, math.log1p(sum(len(u.raw) * o for u, o in zip(units, own))) / math.log1p(400)),
        "copy": _weighted([q.copied for q in quality], units),
        "generic": _weighted([q.generic for q in quality], units),
        "bare": _weighted([1.0 - q.predicate for q in quality], units),
        "errors": float(min(2, len(errors))),
    }
    return Analysis(units, quality, credits, evidence, errors, features)
