"""Draft a question set for the panel: questions spread over 职业功能 by the 技能要求权重表 (4.2).

Allocation and function-name matching reuse the defense planner (D'Hondt `allocate_slots`, `function_key`), so a
drafted set is balanced the same way as a simulated defense. A seed fixes the draw.
"""

from __future__ import annotations

import math
import random

from ..errors import AssistantError
from ..levels import resolve_level
from ..panel.bank import BankQuestion
from ..panel.personas import make_panel
from ..panel.planner import LOWER_LEVEL_SHARE, allocate_slots
from ..standard.model import Standard, function_key
from .model import DraftQuestion, QuestionSet, fmt_minutes

DRAFT_LEVELS = ("二级/技师", "一级/高级技师")
N_RANGE, MINUTES_RANGE = (1, 30), (5, 120)


def draft_level(level: str | None) -> str:
    name = resolve_level(level)
    if name not in DRAFT_LEVELS:
        raise AssistantError(f"出题助手只支持综合评审的等级：二级/技师、一级/高级技师，收到：{level or '（空）'}")
    return name


def level_weights(standard: Standard, level: str) -> dict[str, int]:
    """{function name as in the weight table: percent} for the level's functions with a weight."""
    return {f: w for f, w in standard.weights["skill"][draft_level(level)].items() if w > 0}


def chosen_functions(weights: dict[str, int], functions: list[str] | None) -> dict[str, int]:
    """The weight-table subset the user picked (审批授信 and 授信审批 name the same function)."""
    if not functions:
        return dict(weights)
    by_key = {function_key(f): f for f in weights}
    unknown = [f for f in functions if function_key(f.strip()) not in by_key]
    if unknown:
        raise AssistantError(f"未知职业功能：{'、'.join(unknown)}。可选：{'、'.join(weights)}")
    picked = {by_key[function_key(f.strip())] for f in functions}
    return {f: w for f, w in weights.items() if f in picked}


def _whole(value, what: str) -> int:
    try:
        if float(value) == int(float(value)):
            return int(float(value))
    except (TypeError, ValueError, OverflowError):
        pass
    raise AssistantError(f"{what}须为整数，收到：{value}")


def _check_limits(n: int, minutes: int) -> None:
    if not N_RANGE[0] <= n <= N_RANGE[1]:
        raise AssistantError(f"题数须在 {N_RANGE[0]}–{N_RANGE[1]} 之间，收到：{n}")
    if not MINUTES_RANGE[0] <= minutes <= MINUTES_RANGE[1]:
        raise AssistantError(f"提问时长须在 {MINUTES_RANGE[0]}–{MINUTES_RANGE[1]} 分钟之间，收到：{minutes}")


def _allocate(weights: dict[str, int], n: int, notes: list[str]) -> dict[str, int]:
    """Questions per function in weight-table order (fewer questions than functions: the heaviest)."""
    slots = allocate_slots(weights, n)
    left_out = [f for f in weights if f not in slots]
    if left_out:
        kept = "、".join(f for f in weights if f in slots)
        notes.append(f"题数 {n} 少于所选职业功能数 {len(weights)}：只为权重最高的 {kept} 出题，"
                     f"未出题：{'、'.join(left_out)}。")
    return {f: slots[f] for f in weights if f in slots}


def _round_half(x: float) -> float:
    return max(0.5, math.floor(x * 2 + 0.5) / 2)


def _per_question_minutes(weights: dict[str, int], slots: dict[str, int], minutes: int) -> dict[str, float]:
    total = sum(weights[f] for f in slots)
    return {f: _round_half(minutes * weights[f] / total / k) for f, k in slots.items()}


def _pools(standard: Standard, bank: list[BankQuestion], level: str) -> dict[str, dict[tuple, list[BankQuestion]]]:
    """Bank questions of the level by function key, then by skill item (content, locator)."""
    fn_key = {f.locator: function_key(f.name) for f in standard.level(level).functions}
    pools: dict[str, dict[tuple, list[BankQuestion]]] = {}
    for q in sorted(bank, key=lambda q: q.id):
        if q.level == level and q.function_locator in fn_key:
            pools.setdefault(fn_key[q.function_locator], {}).setdefault((q.content, q.locator), []).append(q)
    return pools


def _draw(pools: dict, level: str, slots: dict[str, int], rng: random.Random,
          lower: dict[str, dict[tuple, list[BankQuestion]]] | None = None) -> dict[str, list[BankQuestion]]:
    """k questions per function, each on a different skill item. With `lower` (二级 pools, for a 一级 set),
    about LOWER_LEVEL_SHARE of the questions come from 二级 content of the same function, as in the planner
    (the standard's higher levels include the lower ones)."""
    borrowed = _borrowed(slots, lower or {}, rng)
    out = {}
    for function, k in slots.items():
        by_item = pools.get(function_key(function), {})
        own = k - borrowed.get(function, 0)
        if len(by_item) < own:
            raise AssistantError(f"题库中“{level} · {function}”只有 {len(by_item)} 个不同的技能条目，不够出 {own} 题；"
                                 "请减少题数或多选几个职业功能。")
        out[function] = [rng.choice(by_item[item]) for item in rng.sample(sorted(by_item), own)]
        if borrowed.get(function):
            low = lower[function_key(function)]
            out[function] += [rng.choice(low[item]) for item in rng.sample(sorted(low), borrowed[function])]
    return out


def _borrowed(slots: dict[str, int], lower: dict, rng: random.Random) -> dict[str, int]:
    """How many questions of each function come from the lower level (one seat each, seeded)."""
    seats = [f for f, k in slots.items() for _ in range(k) if lower.get(function_key(f))]
    n = min(len(seats), max(1, round(LOWER_LEVEL_SHARE * sum(slots.values())))) if seats else 0
    out: dict[str, int] = {}
    for f in rng.sample(seats, n):
        out[f] = out.get(f, 0) + 1
    return out


def _item(no: int, function: str, q: BankQuestion, minutes: float, reviewer: str) -> DraftQuestion:
    return DraftQuestion(no, function, q.locator, q.kind, q.question, minutes, reviewer,
                         [(r.point, r.weight) for r in q.rubric], list(q.outline), list(q.followups), q.id)


def draft_set(standard: Standard, bank: list[BankQuestion], level: str, n: int = 8, minutes: int = 30,
              functions: list[str] | None = None, panel_size: int = 3, seed: int | None = None) -> QuestionSet:
    name = draft_level(level)
    n, minutes = _whole(n, "题数"), _whole(minutes, "提问时长")  # a web form may send 8.0
    _check_limits(n, minutes)
    panel = [r.name for r in make_panel(_whole(panel_size, "评审组人数"))]
    weights = chosen_functions(level_weights(standard, name), functions)
    seed = random.randrange(1, 1_000_000) if seed is None else _whole(seed, "随机种子")
    notes: list[str] = []
    slots = _allocate(weights, n, notes)
    per_q = _per_question_minutes(weights, slots, minutes)
    lower = _pools(standard, bank, "二级/技师") if name == "一级/高级技师" else None
    drawn = _draw(_pools(standard, bank, name), name, slots, random.Random(seed), lower)
    items = [(f, q) for f in slots for q in drawn[f]]
    qs = QuestionSet(name, minutes, panel, [_item(i + 1, f, q, per_q[f], panel[i % len(panel)])
                                            for i, (f, q) in enumerate(items)], seed, notes)
    planned = sum(q.minutes for q in qs.items)
    if abs(planned - minutes) >= 0.5:
        notes.append(f"建议用时按 0.5 分钟取整，合计 {fmt_minutes(planned)} 分钟（设定 {minutes} 分钟）。")
    return qs
