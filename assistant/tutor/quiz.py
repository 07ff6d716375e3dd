"""Quiz mode: ask about one skill item, score the reply with the rubric scorer (the skill and its
knowledge items as equally weighted points), and explain what was missing with where to study it."""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..standard.model import Standard
from ..types import Chunk


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


def grade(score, question: QuizQuestion, reply: str, notes: list[Chunk]) -> QuizResult:
    """`score(question, rubric, answer)` -> ScoreCard (the rubric scorer)."""
    weight = 100 // len(question.keypoints)
    rubric = [(text, weight) for text, _ in question.keypoints]
    card = score(question.prompt, rubric, reply)
    status = {p.point: p.status for p in card.points}
    covered = tuple(p for p in question.keypoints if status.get(p[0]) == "covered")
    missing = tuple(p for p in question.keypoints if p not in covered)
    score_value = round(card.score)
    lines = [f"得分：{score_value}/100（覆盖 {len(covered)}/{len(question.keypoints)} 个要点）"]
    lines += [f"✓ {text}〔{loc}〕" for text, loc in covered]
    for text, loc in missing:
        study = next((c for c in notes if loc in c.covers), None)
        where = f"，可复习〔{study.locator}〕{study.title}" if study else ""
        lines.append(f"✗ 未讲到：{text}〔{loc}〕{where}")
    return QuizResult(score_value, covered, missing, "\n".join(lines))
