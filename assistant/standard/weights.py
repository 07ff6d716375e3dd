"""Parse the chapter-4 weight tables (4.1 理论知识, 4.2 技能要求)."""

from __future__ import annotations

import re

from .lines import Line
from .model import LEVELS, Anomaly, Level

_ROW_RE = re.compile(r"^(.*?)\s*((?:\d+|—)(?:\s+(?:\d+|—)){3})$")
_TABLES = (("4.1", "theory", "理论知识权重表"), ("4.2", "skill", "技能要求权重表"))
BASIC_ROWS = ("职业道德", "基础知识")
TOTAL_ROW = "合计"


def _split_tables(lines: list[Line]) -> dict[str, list[Line]]:
    starts = {loc: next(i for i, ln in enumerate(lines) if ln.text.startswith(loc + " ")) for loc, _, _ in _TABLES}
    return {"4.1": lines[starts["4.1"] + 1 : starts["4.2"]], "4.2": lines[starts["4.2"] + 1 :]}


def _rows(lines: list[Line], known: set[str]) -> list[tuple[str, list[int | None]]]:
    """Rows as (name, four values). Row labels broken over lines are rejoined; group labels
    printed before a row (基本要求, 相关知识要求…) are dropped by matching the longest known suffix."""
    rows, pending = [], ""
    for ln in lines:
        m = _ROW_RE.match(ln.text)
        if not m:
            pending += ln.text.replace(" ", "")
            continue
        label = pending + m.group(1).replace(" ", "")
        pending = ""
        name = next((label[i:] for i in range(len(label)) if label[i:] in known), None)
        if name is None:
            raise ValueError(f"权重表中无法识别的行：{label}")
        values = [None if v == "—" else int(v) for v in m.group(2).split()]
        rows.append((name, values))
    return rows


def parse_weights(lines: list[Line], levels: list[Level], anomalies: list[Anomaly]) -> dict:
    known = {f.name for lv in levels for f in lv.functions} | set(BASIC_ROWS) | {TOTAL_ROW}
    weights: dict[str, dict[str, dict[str, int]]] = {}
    for loc, key, title in _TABLES:
        table: dict[str, dict[str, int]] = {name: {} for _, name in LEVELS}
        for name, values in _rows(_split_tables(lines)[loc], known):
            for (_, level_name), value in zip(LEVELS, values):
                if name == TOTAL_ROW:
                    _check_total(loc, level_name, value, table[level_name])
                elif value is not None:
                    table[level_name][name] = value
        weights[key] = table
        _record_mismatches(loc, title, table, levels, anomalies)
    return weights


def _check_total(loc: str, level: str, total: int | None, column: dict[str, int]) -> None:
    if total != 100 or sum(column.values()) != 100:
        raise ValueError(f"{loc} {level} 权重合计不为 100：{column}")


def _record_mismatches(loc, title, table, levels, anomalies) -> None:
    """A function of chapter 3 with no weight ('—'), or printed under another label."""
    for lv in levels:
        column = table[lv.name]
        for fn in lv.functions:
            if fn.name in column:
                continue
            twin = next((n for n in column if n not in BASIC_ROWS and sorted(n) == sorted(fn.name)), None)
            if twin:
                anomalies.append(Anomaly(fn.locator, "label",
                                         f"第3章印作“{fn.name}”，{loc} {title}印作“{twin}”"))
            else:
                anomalies.append(Anomaly(fn.locator, "dash_weight",
                                         f"{loc} {title}中“{fn.name}”在{lv.name}一栏为“—”（无权重）"))
