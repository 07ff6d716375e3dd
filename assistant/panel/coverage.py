"""Placeholder answer scoring: rubric key-point coverage by content-word overlap.

It stands behind `score_answer` until the rubric scoring engine (its own issue) replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..tokenize import Tokenizer
from ..tutor.compose import content_tokens
from .bank import RubricPoint

FULL, PARTIAL = 0.5, 0.25  # share of a point's content words in the answer for full / half credit
VAGUE_CHARS = 40  # answers shorter than this are "vague" and invite a follow-up


@dataclass(frozen=True)
class PointResult:
    point: str
    weight: int
    credit: float  # 0, 0.5 or 1


@dataclass(frozen=True)
class AnswerScore:
    score: float  # 0–100
    points: tuple[PointResult, ...]

    @property
    def missing(self) -> list[str]:
        return [p.point for p in self.points if p.credit < 1]


def score_answer(tokenizer: Tokenizer, rubric: tuple[RubricPoint, ...], answer: str) -> AnswerScore:
    words = set(tokenizer.tokens(answer))
    results = []
    for p in rubric:
        want = content_tokens(tokenizer, p.point)
        share = len(want & words) / len(want) if want else 0.0
        credit = 1.0 if share >= FULL else 0.5 if share >= PARTIAL else 0.0
        results.append(PointResult(p.point, p.weight, credit if answer.strip() else 0.0))
    total = sum(r.weight * r.credit for r in results) / (sum(r.weight for r in results) or 1) * 100
    return AnswerScore(round(total, 1), tuple(results))
