"""The drafted question set: plain dataclasses shared by drafting, the text form and the exporters."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..panel.planner import time_shares

LEAD_ROLE, MEMBER_ROLE = "主审", "委员"
FULL_MARKS = 100
PASS_MARK = 60


@dataclass
class DraftQuestion:
    no: int
    function: str  # 职业功能 name as printed in the 技能要求权重表 (4.2)
    locator: str  # skill item, e.g. 3.3/3.2.1
    kind: str  # 知识 | 实务 | 案例 | 论述
    question: str
    minutes: float  # suggested time for the question and its follow-ups
    reviewer: str  # name of the reviewer who asks it
    rubric: list[tuple[str, int]] = field(default_factory=list)  # (point, weight); weights sum to 100
    outline: list[str] = field(default_factory=list)  # reference answer outline
    followups: list[str] = field(default_factory=list)
    source_id: str = ""  # question bank id; "" for a question written by hand


@dataclass
class QuestionSet:
    level: str
    minutes: int  # question time of the defense
    panel: list[str]  # reviewer names, the 主审 first
    items: list[DraftQuestion] = field(default_factory=list)
    seed: int | None = None
    notes: list[str] = field(default_factory=list)

    def function_shares(self) -> dict[str, float]:
        """Percent of the suggested minutes per 职业功能 (compare with the weight table)."""
        return time_shares((q.function, q.minutes) for q in self.items)

    def role(self, name: str) -> str:
        return LEAD_ROLE if self.panel and name == self.panel[0] else MEMBER_ROLE

    def asked_by(self, name: str) -> list[int]:
        return [q.no for q in self.items if q.reviewer == name]


def full_marks(qs: QuestionSet) -> list[int]:
    """Each question's share of 100 points, proportional to its minutes (largest remainder, sums to 100)."""
    total = sum(q.minutes for q in qs.items)
    if not qs.items:
        return []
    exact = [FULL_MARKS * (q.minutes / total if total else 1 / len(qs.items)) for q in qs.items]
    marks = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - marks[i]), i))
    for i in by_remainder[: FULL_MARKS - sum(marks)]:
        marks[i] += 1
    return marks


def fmt_minutes(minutes: float) -> str:
    return f"{minutes:g}"
