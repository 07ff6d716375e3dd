"""Known misconceptions, and whether an answer states one.

Sources: every bank question's `misconceptions:` (tied to a rubric point, with regexes and spoken
phrasings), and every reference note's 常见误区 bullets ("- 误区：…｜正确：…") for rubrics the bank does
not hold (出题助手, `--rubric` files), picked by the rubric's terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from .units import Unit, matching_form

_NEGATED = re.compile(r"(不是|并非|不能|不应|不可|不要|千万别|错误|误区|误以为|有人(认为|说|以为)|常见的错)[^，,。；;]{0,10}$")
_NOTE_SECTION = re.compile(r"^##\s+[^\n]*常见误区\s*\n(.*?)(?=^##\s|\Z)", re.M | re.S)
_NOTE_BULLET = re.compile(r"^-\s*误区：(.+?)｜正确：(.+)$", re.M)
_KEY = re.compile(r"[^\u4e00-\u9fffa-z0-9]")
NOTES_PER_RUBRIC = 3  # notes whose misconceptions apply to a rubric the bank does not hold


@dataclass(frozen=True)
class Misconception:
    point: int | None  # 0-based rubric point; None: the point most similar to it
    says: tuple[str, ...]  # the wrong claim as candidates say it
    right: str  # the correct statement shown in the report
    locator: str  # where to study it
    patterns: tuple[re.Pattern, ...] = ()


@dataclass(frozen=True)
class Error:
    point: int  # 0-based rubric point it touches
    unit: int  # the answer unit that states it
    quote: str  # the candidate's words, exactly
    right: str
    locator: str

    def text(self) -> str:
        return f"错误：{self.quote}（应为：{self.right}〔{self.locator}〕）"


def _key(text: str) -> str:
    return _KEY.sub("", matching_form(text))[:60]


@dataclass(frozen=True)
class Known:
    misconceptions: list[Misconception]


@dataclass
class FactBook:
    by_question: dict[str, Known] = field(default_factory=dict)
    notes: list[tuple[set[str], list[Misconception]]] = field(default_factory=list)  # (terms, misconceptions)

    def add_question(self, question: str, rubric_points: Iterable[str], rows: Iterable[dict], locator: str) -> None:
        rubric_points = list(rubric_points)
        items = []
        for row in rows or ():
            pats = tuple(re.compile(matching_form(p)) for p in row.get("patterns") or ())
            items.append(Misconception(int(row["point"]) - 1, tuple(map(str, row.get("says") or ())),
                                       str(row["right"]), locator, pats))
        for key in {_key(question), _key("".join(rubric_points))}:
            self.by_question[key] = Known(items)

    def add_note(self, slug: str, terms: Iterable[str], body: str) -> None:
        section = _NOTE_SECTION.search(body)
        if not section:
            return
        items = [Misconception(None, (wrong.strip(),), right.strip(), f"R:{slug}")
                 for wrong, right in _NOTE_BULLET.findall(section.group(1))]
        if items:
            self.notes.append(({t.lower() for t in terms if len(t) >= 2}, items))

    def lookup(self, question: str, rubric_points: list[str]) -> Known:
        for key in (_key(question), _key("".join(rubric_points))):
            if key in self.by_question:
                return self.by_question[key]
        text = matching_form(question + "".join(rubric_points))
        ranked = sorted(((sum(t in text for t in terms), n) for n, (terms, _) in enumerate(self.notes)), reverse=True)
        items = [m for hits, n in ranked[:NOTES_PER_RUBRIC] if hits >= 2 for m in self.notes[n][1]]
        return Known(items)


def _pattern_hit(m: Misconception, unit: Unit) -> bool:
    for pat in m.patterns:
        hit = pat.search(unit.norm)
        if hit and not _NEGATED.search(unit.norm[: hit.start()]):
            return True
    return False


def find_errors(items: list[Misconception], units: list[Unit], unit_vecs: np.ndarray | None, embed,
                point_sims: np.ndarray | None, says_floor: float, margin: float) -> list[Error]:
    """Misconceptions the answer states: a regex hit, or a unit much closer to the wrong claim than to the
    right one. `embed(text)` -> vector; `point_sims[u, p]` = similarity of unit u to rubric point p."""
    errors: list[Error] = []
    for m in items:
        hit = next((u for u, unit in enumerate(units) if _pattern_hit(m, unit)), None)
        if hit is None and unit_vecs is not None and embed is not None and m.says:
            wrong = np.max(unit_vecs @ np.stack([embed(s) for s in m.says]).T, axis=1)
            right = unit_vecs @ embed(m.right)
            ok = np.where((wrong >= says_floor) & (wrong - right >= margin))[0]
            ok = [u for u in ok if not _NEGATED.search(units[u].norm[:12])]
            hit = int(max(ok, key=lambda u: wrong[u])) if ok else None
        if hit is None:
            continue
        point = m.point if m.point is not None else int(np.argmax(point_sims[hit])) if point_sims is not None else 0
        if not any(e.quote == units[hit].raw for e in errors):
            errors.append(Error(point, hit, units[hit].raw, m.right, m.locator))
    return errors
