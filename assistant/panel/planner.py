"""Weighted question plan: each 职业功能's share of question time follows the level's 技能要求权重表 (4.2).

Every function with a weight gets at least one question; further questions go to the largest weights
(D'Hondt). A function's time is its weight share of the question time, split across its questions,
so planned shares equal the table. For 一级 a share of the questions is drawn from 二级 content of the
same function (higher levels include lower ones). No skill item is asked twice; a seed fixes the plan.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import AssistantError
from ..standard.model import Standard, function_key
from .bank import BankQuestion, RubricPoint
from .personas import Reviewer, reviewer_for

SECONDS_PER_QUESTION = 180  # target budget of one question with its follow-ups
CEREMONY_S = 60  # 开场 and 评议 each take a minute in a full session
CEREMONY_SHARE = 0.05  # ...and a twentieth of a short practice session
MIN_QUESTION_TIME_S = 60
LOWER_LEVEL_SHARE = 0.15  # share of 一级 questions drawn from 二级 content
DOSSIER_RUBRIC = (RubricPoint("说清本人在该项工作中的角色和具体采取的措施", 30),
                  RubricPoint("给出数据口径和计算方法，数字前后一致", 30),
                  RubricPoint("说明如何验证效果（对比期、对照、证据材料）", 25),
                  RubricPoint("指出不足与改进，并与标准要求对应", 15))


@dataclass
class PlanItem:
    function: str  # 职业功能 name as printed in the weight table
    seconds: float  # planned time for the question and its follow-ups
    source: str  # bank | dossier
    question: BankQuestion | None = None
    probe_text: str = ""  # dossier question text
    probe_locator: str = ""  # skill item the dossier claim touches
    probe_content: str = ""  # its work content
    claim: str = ""  # the dossier sentence the probe quotes
    reviewer: Reviewer | None = None

    @property
    def locator(self) -> str:
        return self.question.locator if self.question else self.probe_locator

    @property
    def text(self) -> str:
        return self.question.question if self.question else self.probe_text

    @property
    def rubric(self) -> tuple[RubricPoint, ...]:
        return self.question.rubric if self.question else DOSSIER_RUBRIC


def ceremony_seconds(minutes: float) -> float:
    """Time of the opening and of the deliberation each; short practice sessions keep them brief."""
    return min(CEREMONY_S, minutes * 60 * CEREMONY_SHARE)


@dataclass
class Plan:
    level: str
    minutes: int
    statement_s: float
    items: list[PlanItem] = field(default_factory=list)
    seed: int = 0  # fixes the draw and the reviewers' question-by-question variation
    dossier: dict | None = None  # the 材料审阅 (DossierReview.to_json()), when a dossier was given

    @property
    def practice(self) -> bool:
        """Under 30 minutes is a practice, shown apart from formal sessions."""
        return self.minutes < 30

    @property
    def ceremony_s(self) -> float:
        return ceremony_seconds(self.minutes)

    def function_shares(self) -> dict[str, float]:
        return time_shares((i.function, i.seconds) for i in self.items)


def time_shares(parts: Iterable[tuple[str, float]]) -> dict[str, float]:
    """Percent of the total time per 职业功能, from (function, time) pairs."""
    parts = list(parts)
    total = sum(t for _, t in parts) or 1.0
    out: dict[str, float] = {}
    for function, t in parts:
        out[function] = out.get(function, 0.0) + 100.0 * t / total
    return out


def allocate_slots(weights: dict[str, int], n: int) -> dict[str, int]:
    """D'Hondt seats; with fewer seats than functions the heaviest functions get one each."""
    ranked = sorted((f for f, w in weights.items() if w > 0), key=lambda f: -weights[f])
    slots = {f: 1 for f in ranked[:n]}
    while sum(slots.values()) < n:
        best = max(slots, key=lambda f: weights[f] / (slots[f] + 1))
        slots[best] += 1
    return slots


def make_plan(standard: Standard, bank: list[BankQuestion], level: str, minutes: int, statement_minutes: float,
              panel: list[Reviewer], seed: int, probes: list[PlanItem] | None = None,
              questions: int | None = None) -> Plan:
    """`questions` fixes the number of questions (a short practice); by default it follows the time."""
    question_s = minutes * 60 - statement_minutes * 60 - 2 * ceremony_seconds(minutes)
    if question_s < MIN_QUESTION_TIME_S:
        raise AssistantError(f"时长 {minutes} 分钟太短：扣除陈述与开场后不足 1 分钟提问时间。")
    weights = dict(standard.weights["skill"][level])
    rng = random.Random(seed)
    # Sized to the time at a normal pace (an answer and a follow-up per question), so every planned question
    # is reached; a full session covers every weighted function, a short practice its heaviest ones.
    n = questions or max(1, round(question_s / SECONDS_PER_QUESTION))
    slots = allocate_slots(weights, n)
    share = sum(weights[f] for f in slots)
    items = [PlanItem(f, question_s * weights[f] / share / k, "bank") for f, k in slots.items() for _ in range(k)]
    _place_probes(items, probes or [], slots)
    _draw_questions(standard, bank, level, items, rng)
    items.sort(key=lambda i: (i.source != "dossier", list(weights).index(i.function)))
    for turn, item in enumerate(items):
        item.reviewer = panel[0] if item.source == "dossier" else reviewer_for(panel, item.function, turn)
    return Plan(level, minutes, statement_minutes * 60, items, seed)


def _place_probes(items: list[PlanItem], probes: list[PlanItem], slots: dict[str, int]) -> None:
    """A dossier probe takes the place (and time) of a bank question of its function."""
    for probe in probes:
        free = [i for i in items if i.source == "bank" and function_key(i.function) == function_key(probe.function)]
        if not free:
            busiest = max(slots, key=slots.get)
            free = [i for i in items if i.source == "bank" and i.function == busiest]
        if free:
            target = free[0]
            target.source, target.probe_text, target.claim = "dossier", probe.probe_text, probe.claim
            target.probe_locator, target.probe_content = probe.probe_locator, probe.probe_content


def _draw_questions(standard: Standard, bank: list[BankQuestion], level: str, items: list[PlanItem],
                    rng: random.Random) -> None:
    fn_key = {f.locator: function_key(f.name) for lv in standard.levels for f in lv.functions}
    used = {(i.probe_content, i.probe_locator) for i in items if i.source == "dossier"}
    bank_slots = [i for i in items if i.source == "bank"]
    lower = set()
    if level == "一级/高级技师":
        lower_keys = {fn_key[f.locator] for f in standard.level("二级/技师").functions}
        eligible = [i for i in bank_slots if function_key(i.function) in lower_keys]
        lower = {id(i) for i in rng.sample(eligible, min(len(eligible), max(1, round(LOWER_LEVEL_SHARE * len(items)))))}
    for item in bank_slots:
        want = "二级/技师" if id(item) in lower else level
        pool = [q for q in bank if q.level == want and fn_key.get(q.function_locator) == function_key(item.function)
                and (q.content, q.locator) not in used]
        if not pool:
            raise AssistantError(f"题库中没有“{want} · {item.function}”的可用题目，请先补充题库。")
        q = rng.choice(sorted(pool, key=lambda q: q.id))
        used.add((q.content, q.locator))
        item.question = q
