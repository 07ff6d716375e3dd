"""Quiz mode: ask about one skill item, score the reply by key-point coverage, explain what was missing.

Key-point coverage is the placeholder score until the rubric scoring engine lands; it sits behind
the same small function so the engine can replace it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..standard.model import Standard
from ..tokenize import Tokenizer
from ..types import Chunk
from .compose import content_tokens

COVERED_SHARE = 0.5  # a key point counts as covered when half of its content words appear in the reply


@dataclass(frozen=True)
class QuizQuestion:
    level: str
    locator: str  # the skill item asked about
    prompt: str  # the question as shown to the learner
    keypoints: tuple[tuple[str, str], ...]  # (key point, locator it comes from)


@dataclass(frozen=True)
class QuizResult:
    score: int  # 0–100
    covered: tuple[tuple[str, str], ...]
    missing: tuple[tuple[str, str], ...]
    feedback: str  # Chinese, every missing point with where to study it


def draw_question(standard: Standard, level: str, seed: int | None = None) -> QuizQuestion:
    lv = standard.level(level)
    rng = random.Random(seed)
    fn = rng.choice(lv.functions)
    content = rng.choice(fn.contents)
    skill = rng.choice(content.skills)
    points = [(skill.text.removeprefix("能"), skill.locator)] + [(k.text, k.locator) for k in content.knowledge]
    prompt = (f"【{lv.name} · {fn.name} · {content.no} {content.name}】结合你的工作实际，说明你如何做到："
              f"“{skill.text}”。请讲清楚方法步骤、用到的知识和注意事项。")
    return QuizQuestion(lv.name, skill.locator, prompt, tuple(points))


def _covered(tokenizer: Tokenizer, point: str, reply_tokens: set[str]) -> bool:
    words = content_tokens(tokenizer, point)
    return bool(words) and len(words & reply_tokens) / len(words) >= COVERED_SHARE


def grade(tokenizer: Tokenizer, question: QuizQuestion, reply: str, notes: list[Chunk]) -> QuizResult:
    reply_tokens = set(tokenizer.tokens(reply))
    covered = tuple(p for p in question.keypoints if _covered(tokenizer, p[0], reply_tokens))
    missing = tuple(p for p in question.keypoints if p not in covered)
    score = round(100 * len(covered) / len(question.keypoints)) if reply.strip() else 0
    lines = [f"得分：{score}/100（按要点覆盖计；覆盖 {len(covered)}/{len(question.keypoints)} 个要点）"]
    lines += [f"✓ {text}〔{loc}〕" for text, loc in covered]
    for text, loc in missing:
        study = next((c for c in notes if loc in c.covers), None)
        where = f"，可复习〔{study.locator}〕{study.title}" if study else ""
        lines.append(f"✗ 未讲到：{text}〔{loc}〕{where}")
    return QuizResult(score, covered, missing, "\n".join(lines))
