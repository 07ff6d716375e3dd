"""A note's points table worked with the case the question describes.

Some notes grade a case with a table: one row per factor, one column per band with its points ("低难度（1分）"),
a weight column, and a line of grade bands ("加权得分低于 1.7 为A级…"). "帮我按催收难度评分表算一下：逾期120天，
资金紧张，推诿拖延，单据齐全没争议，大额无担保" is graded with that table: each factor's band is the one whose cell
the question says (or whose day range holds the days it gives). Every row must be matched; otherwise nothing
is computed, since a guessed band would give a wrong grade.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BAND = re.compile(r"（(\d+)分）")
_GRADE = re.compile(r"(?:低于|至低于|[–-])\s*(\d+(?:\.\d+)?)\s*为\s*([A-Z])级")
_ASKS = re.compile(r"算一下|算下|打分|评分|加权|几级|多少分|哪一?级")
_DAYS = re.compile(r"逾期\s*(\d+)\s*天")


@dataclass(frozen=True)
class Row:
    factor: str
    cells: tuple[str, ...]  # one per band, lowest points first
    weight: float


@dataclass(frozen=True)
class ScoreTable:
    locator: str
    points: tuple[int, ...]
    rows: tuple[Row, ...]
    grades: tuple[tuple[float, str], ...]  # (upper bound, grade), ascending; the last band has no bound

    def worked(self, question: str) -> str | None:
        if not _ASKS.search(question):
            return None
        days = int(m.group(1)) if (m := _DAYS.search(question)) else None
        bands = [_band(row, question, days) for row in self.rows]
        if any(b is None for b in bands):
            return None
        terms = [f"{self.points[b]}×{row.weight:g}" for row, b in zip(self.rows, bands)]
        total = sum(self.points[b] * row.weight for row, b in zip(self.rows, bands))
        said = "；".join(f"{row.factor}：{row.cells[b]}（{self.points[b]}分）" for row, b in zip(self.rows, bands))
        grade = next((g for bound, g in self.grades if total < bound), self.grades[-1][1] if self.grades else "")
        return (f"按题中情况打分——{said}。加权得分 = {' + '.join(terms)} = {total:.4g}"
                + (f"，{grade}级" if grade else "") + f"〔{self.locator}〕。")


def _band(row: Row, question: str, days: int | None) -> int | None:
    """The band whose cell the question says most fully ("大额无担保" over the 小额 of "有小额争议")."""
    said = [_says(cell, question, days) for cell in row.cells]
    best = max(said)
    return said.index(best) if best and said.count(best) == 1 else None


def _says(cell: str, question: str, days: int | None) -> int:
    """How much of the cell the question says: its longest alternative found (a day range the days fall in
    counts in full), 0 for none."""
    if m := re.fullmatch(r"(≤|<|>|≥)?\s*(\d+)(?:[–-](\d+))?天", cell):
        if days is None:
            return 0
        low, high = int(m.group(2)), int(m.group(3) or m.group(2))
        inside = {"≤": days <= low, "<": days < low, ">": days > low, "≥": days >= low}.get(m.group(1) or "",
                                                                                         low <= days <= high)
        return len(cell) if inside else 0
    return max((len(a) for a in re.split(r"[、，,]|或", cell) if len(a) >= 2 and a in question), default=0)


def score_tables(notes) -> list[ScoreTable]:
    """Every points table of the notes (header cells with "（N分）" and a 权重 column) with its grade line."""
    tables = []
    for note in notes:
        lines = note.body.splitlines()
        for n, line in enumerate(lines):
            header = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(header) < 4 or header[-1] != "权重" or not all(_BAND.search(c) for c in header[1:-1]):
                continue
            rows = []
            for body in lines[n + 2:]:
                cells = [c.strip() for c in body.strip().strip("|").split("|")]
                if not body.startswith("|") or len(cells) != len(header) or not cells[-1].endswith("%"):
                    break
                rows.append(Row(cells[0], tuple(cells[1:-1]), float(cells[-1].rstrip("%")) / 100))
            # "低于 1.7 为A级，1.7 至低于 2.4 为B级，2.4–3.0 为C级": each grade's upper bound (the last one holds it too)
            grades = tuple(sorted((float(b), g) for b, g in _GRADE.findall(note.body)))
            tables.append(ScoreTable(f"R:{note.slug}", tuple(int(_BAND.search(c).group(1)) for c in header[1:-1]),
                                     tuple(rows), grades))
    return tables
