"""The four dimension scores of a card, from per-point credit and the analysis."""

from __future__ import annotations

import re

DIMENSIONS = ("专业知识", "实践应用", "逻辑表达", "合规意识")
_DIMENSION_RE = {
    "合规意识": re.compile(r"法|条例|合规|守则|授权|隐私|个人信息|监管|禁止|不得"),
    "实践应用": re.compile(r"举例|案例|算例|流程|步骤|实际|操作|措施|方案|做法|实施"),
}
ERROR_PENALTY = 0.35  # share of 专业知识 lost per stated misconception (two or more: 70 %)


def _share(points) -> float:
    total = sum(p.weight for p in points)
    return 100 * sum(p.weight * p.credit for p in points) / total if total else 0.0


def dimensions(points, analysis, score: float) -> dict[str, float]:
    out = {}
    for dim in ("合规意识", "实践应用"):
        mine = [p for p in points if _DIMENSION_RE[dim].search(p.point)]
        out[dim] = _share(mine) if mine else score
    knowledge = [p for p in points if not any(r.search(p.point) for r in _DIMENSION_RE.values())] or points
    out["专业知识"] = _share(knowledge) * max(0.0, 1 - ERROR_PENALTY * len(analysis.errors))
    f = analysis.features
    # Organised speech: claims in the candidate's own words, with reasons and steps.
    kinds = set().union(*(q.specific for q in analysis.quality)) if analysis.quality else set()
    structure = (1 - f["bare"]) * (1 - f["copy"]) * min(1.0, len(kinds & {"reason", "step", "condition"}) / 2)
    out["逻辑表达"] = min(100.0, 0.6 * score + 40 * structure)
    return {d: round(out[d], 1) for d in DIMENSIONS}
