"""The panel's marks: each reviewer marks independently; the totals follow a rule printed in the report.

- A question the panel asked is marked on what was said: answered, or cut off by the clock (scored on the part
  said). A question asked and skipped, or left on screen by 结束答辩, counts 0. A question the panel never
  reached is "未覆盖": listed with its weight, not counted.
- 答辩 part = the time-weighted mean (planned minutes) of the asked questions' marks.
- 材料 part (only with a dossier) = the dossier review and the 陈述, by STATEMENT_SHARE.
- Total = the 材料 part × dossier_weight + the 答辩 part × the rest; without a dossier the 答辩 part alone.
- Each reviewer has a severity (strict/lenient), weighs the four dimensions their own way, is stricter on
  questions in their own field, and varies a little question by question (deterministic per seed).
  The panel's mark is the mean of the reviewers' marks; 60 passes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..records import ANSWERED, INTERRUPTED, SKIPPED, Turn
from .personas import Reviewer
from .planner import Plan

OWN_DIMENSIONS_SHARE = 0.5  # half of a reviewer's mark follows their own weighting of the dimensions
FOCUS_STRICTNESS = 2.0  # points fewer on a question in the reviewer's own field
JITTER = 2.0  # a reviewer's question-by-question variation, ± points
STATEMENT_SHARE = 0.3  # of the 材料 part; the dossier review is the rest
UNREACHED = "unreached"
STATUS_WORDS = {ANSWERED: "已作答", INTERRUPTED: "时间到，回答被打断", SKIPPED: "未作答（计 0 分）",
                UNREACHED: "未覆盖（时间内未问到，不计分）"}


def rule_text(dossier_weight: float) -> str:
    w = round(dossier_weight * 100)
    return ("计分规则：每位评委独立给分，评审组得分取各评委的平均分，60 分及格。答辩部分＝已提问各题得分按计划时长加权平均："
            "跳过、或结束答辩时未回答的题计 0 分；时间到被打断的题按已说内容评分；评审组没来得及问到的题列为“未覆盖”，不计入。"
            f"材料部分＝申报材料审阅 {round((1 - STATEMENT_SHARE) * 100)}%＋个人陈述 {round(STATEMENT_SHARE * 100)}%。"
            f"总分＝材料部分 {w}%＋答辩部分 {100 - w}%；未提交申报材料时不评材料部分，总分即答辩部分。")


@dataclass
class ItemResult:
    index: int
    status: str  # answered | interrupted | skipped | unreached
    turn: Turn | None  # the turn whose score stands for the whole answer (None if never scored)
    marks: dict[str, float]  # reviewer -> mark (empty when unreached)

    @property
    def score(self) -> float | None:
        return round(sum(self.marks.values()) / len(self.marks), 1) if self.marks else None


def _clip(x: float) -> float:
    return max(0.0, min(100.0, x))


def _jitter(seed: int, reviewer: str, key: str) -> float:
    return random.Random(f"{seed}|{reviewer}|{key}").uniform(-JITTER, JITTER)


def reviewer_mark(r: Reviewer, rubric_score: float, dims: dict, in_focus: bool, seed: int, key: str) -> float:
    """One reviewer's mark on one answer. Severity and variation shrink for weak answers: nobody adds
    leniency points to an answer with nothing in it."""
    own = sum(dims.get(d, rubric_score) * w for d, w in r.dimension_weights.items())
    base = (1 - OWN_DIMENSIONS_SHARE) * rubric_score + OWN_DIMENSIONS_SHARE * own
    scale = min(1.0, rubric_score / 60)
    shift = r.severity - (FOCUS_STRICTNESS if in_focus else 0.0) + _jitter(seed, r.name, key)
    return round(_clip(base + scale * shift), 1)


def item_results(plan: Plan, turns: list[Turn], panel: list[Reviewer], seed: int) -> list[ItemResult]:
    out = []
    for n, item in enumerate(plan.items):
        own = [t for t in turns if t.item == n]
        scored = [t for t in own if t.score is not None]
        if not own:
            out.append(ItemResult(n, UNREACHED, None, {}))
            continue
        first = own[0]
        status = SKIPPED if first.status == SKIPPED else INTERRUPTED if any(t.status == INTERRUPTED for t in own) \
            else ANSWERED
        last = scored[-1] if scored else None
        if status == SKIPPED or last is None:
            out.append(ItemResult(n, status, last, {r.name: 0.0 for r in panel}))
            continue
        dims = last.detail.dimensions if last.detail else {}
        marks = {r.name: reviewer_mark(r, last.score, dims, item.function in r.focus, seed, f"q{n}") for r in panel}
        out.append(ItemResult(n, status, last, marks))
    return out


def _weighted(results: list[ItemResult], plan: Plan, reviewer: str) -> float | None:
    asked = [r for r in results if r.status != UNREACHED]
    total_w = sum(plan.items[r.index].seconds for r in asked)
    if not asked or total_w <= 0:
        return None
    return sum(r.marks[reviewer] * plan.items[r.index].seconds for r in asked) / total_w


def panel_scores(plan: Plan, results: list[ItemResult], panel: list[Reviewer], seed: int,
                 dossier_part: float | None, dossier_weight: float) -> dict:
    """Each reviewer's 答辩, 材料 and total marks, the panel means, and a line on why each reviewer differs."""
    reviewers, raw = [], []
    for r in panel:
        defense = _weighted(results, plan, r.name)
        defense = 0.0 if defense is None else defense
        dossier = None if dossier_part is None else _clip(
            dossier_part + min(1.0, dossier_part / 60) * (r.severity + _jitter(seed, r.name, "dossier")))
        total = defense if dossier is None else dossier_weight * dossier + (1 - dossier_weight) * defense
        raw.append((defense, dossier, total))
        reviewers.append({"name": r.name, "role": r.role, "manner": r.manner, "severity": r.severity,
                          "values": r.values, "focus": list(r.focus), "defense": round(defense, 1),
                          "dossier": None if dossier is None else round(dossier, 1), "total": round(total, 1),
                          "why": _why(r, plan, results)})
    totals = [x["total"] for x in reviewers]
    return {"reviewers": reviewers, "by_reviewer": {x["name"]: x["total"] for x in reviewers},
            "defense": _mean(d for d, _, _ in raw),
            "dossier": None if dossier_part is None else _mean(x for _, x, _ in raw),
            "total": _mean(t for _, _, t in raw), "spread": round(max(totals) - min(totals), 1)}


def _mean(values) -> float:
    values = list(values)
    return round(sum(values) / len(values), 1)


def _why(r: Reviewer, plan: Plan, results: list[ItemResult]) -> str:
    sign = f"{r.severity:+g}" if r.severity else "±0"
    parts = [f"{r.manner}（{sign} 分），更看重{r.values}"]
    mine = [x.index + 1 for x in results if x.marks and plan.items[x.index].function in r.focus]
    if mine:
        parts.append(f"第 {'、'.join(map(str, mine))} 题属其熟悉领域，要求更高")
    marked = [x for x in results if x.marks and x.status != SKIPPED]
    if marked:
        low = min(marked, key=lambda x: x.marks[r.name] - (x.score or 0))
        high = max(marked, key=lambda x: x.marks[r.name] - (x.score or 0))
        if high.index != low.index:
            parts.append(f"比评审组均分给得最高的是第 {high.index + 1} 题、最低的是第 {low.index + 1} 题")
    return "；".join(parts) + "。"
