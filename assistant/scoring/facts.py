"""Known misconceptions, and whether an answer states one.

Sources: every bank question's `misconceptions:` (tied to a rubric point, with regexes and spoken
phrasings), and every reference note's 常见误区 bullets ("- 误区：…｜正确：…") for rubrics the bank does
not hold (出题助手, `--rubric` files), picked by the rubric's terms.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .units import Unit, matching_form, pattern_form, sentence_texts

if TYPE_CHECKING:
    from .canon import CanonBook

_NEGATED = re.compile(r"(不是|并非|不能|不应|不可|不要|不会|不得|不宜|严禁|绝不|避免|而不是|反对|千万别|错误|误区|误以为|"
                      r"(有|很多|不少|一些|有的|有些)人(认为|说|以为|觉得|把|将|会把|常把)?|有的(公司|企业|同事)|假设|假如|常见的错|不等于|不代表|不意味着|(以前|过去|原来|曾经|一开始)(我们|我|公司)?(是|都|就|用|也|一直|按|把))[^，,。；;]{0,10}$")
# Said and then turned down in the same sentence: "余款等回款再说，这个我不会答应".
_REJECTED = re.compile(r"^[^。；;]{0,20}?(我不会答应|我不答应|不能答应|不能接受|我不接受|我不同意|是错的|这不对|站不住|行不通|"
                       r"这(样)?(不行|不可以|不合规|不合法|是违规的|是违法的)|不可取|是大忌|要避免|必须避免|后来(才)?(改|统1|换)|"
                       r"得不偿失|看似|表面上|乍1看|骗局|诈骗|骗人|风险显而易见|问题很大)"
                       r"|^[”\"」']?(不对|错了|是误区)|^(以外|之外)")
_NEGATOR_INSIDE = re.compile(r"我们?(不会|不能|不要|不)")
_EXCLUDED_INSIDE = re.compile(r"以外|之外")  # "申诉由原经办人以外的人复核"
# Denied right where the claim starts: "不写“此人人品差”", "没说客户是老赖".
_DENIED_HERE = re.compile(r"((不|别|勿)(写成|记成|写|记|说|讲|填|用|叫|称|标)?|没|未)$")
# A figure that opens a worked subtraction or addition ("12000－8000＝4000") is a step, not a claim about it.
_CALCULATING = re.compile(r"^\s*[-−－+＋]\s*\d[\d,.]*\s*[=＝]")
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
        return f"错误：{self.quote}（应为：{self.right}" + (f"〔{self.locator}〕）" if self.locator else "）")


def _key(text: str) -> str:
    return _KEY.sub("", matching_form(text))[:60]


@dataclass
class FactBook:
    by_question: dict[str, list[Misconception]] = field(default_factory=dict)
    notes: list[tuple[set[str], list[Misconception]]] = field(default_factory=list)  # (terms, misconceptions)
    documents: list[set[str]] = field(default_factory=list)  # content words of each bank question and rubric
    canon: CanonBook | None = None  # formulas, directions and figures that hold in every question
    _rarity: dict[str, float] = field(default_factory=dict, repr=False)

    def rarity(self, word: str) -> float:
        """Inverse document frequency over the bank: 信用/客户 weigh little, 收账政策/速动比率 much."""
        if word not in self._rarity:
            df = sum(word in d for d in self.documents)
            self._rarity[word] = math.log((1 + len(self.documents)) / (1 + df)) + 1.0
        return self._rarity[word]

    def add_question(self, question: str, rubric_points: Iterable[str], rows: Iterable[dict], locator: str) -> None:
        rubric_points = list(rubric_points)
        items = []
        for row in rows or ():
            pats = tuple(re.compile(pattern_form(p)) for p in row.get("patterns") or ())
            items.append(Misconception(int(row["point"]) - 1, tuple(map(str, row.get("says") or ())),
                                       str(row["right"]), locator, pats))
        for key in {_key(question), _key("".join(rubric_points))}:
            self.by_question[key] = items

    def add_note(self, slug: str, terms: Iterable[str], body: str) -> None:
        items = [Misconception(None, (wrong,), right, f"R:{slug}") for wrong, right in note_pitfalls(body)]
        if items:
            self.notes.append(({t.lower() for t in terms if len(t) >= 2}, items))

    def lookup(self, question: str, rubric_points: list[str]) -> list[Misconception]:
        for key in (_key(question), _key("".join(rubric_points))):
            if key in self.by_question:
                return self.by_question[key]
        text = matching_form(question + "".join(rubric_points))
        ranked = sorted(((sum(t in text for t in terms), n) for n, (terms, _) in enumerate(self.notes)), reverse=True)
        items = [m for hits, n in ranked[:NOTES_PER_RUBRIC] if hits >= 2 for m in self.notes[n][1]]
        return items


def note_pitfalls(body: str) -> list[tuple[str, str]]:
    """A reference note's 常见误区 bullets ("- 误区：…｜正确：…") as (wrong, right)."""
    section = _NOTE_SECTION.search(body)
    return [(w.strip(), r.strip()) for w, r in _NOTE_BULLET.findall(section.group(1))] if section else []


def states(patterns: Iterable[re.Pattern], text: str) -> int | None:
    """Offset in `text` (matching form) where one of the patterns states the claim, unless negated before."""
    for pat in patterns:
        for hit in pat.finditer(text):
            after = text[hit.end():]
            before = text[: hit.start()].rstrip("“”\"'「」《")
            if _NEGATED.search(before) or _DENIED_HERE.search(before) or _REJECTED.search(after):
                continue
            # The match runs over something the claim does not have: "被执行,我不会直接停货", "由原经办人以外的人".
            if (_NEGATOR_INSIDE.search(hit.group(0)) and "不" not in pat.pattern) or \
                    ((inside := _EXCLUDED_INSIDE.search(hit.group(0))) and inside.group(0)[0] not in pat.pattern):
                continue
            if hit.group(0)[-1:].isdigit() and (_CALCULATING.search(after) or _operand_later(hit.group(0), after)):
                continue
            return hit.start()
    return None


def _operand_later(claim: str, after: str) -> bool:
    """The figure a claim ends with is worked on later in the sentence ("期望回收12000美元，…净回收是12000－8000＝4000"):
    it was an intermediate step, not the answer's conclusion."""
    figure = re.search(r"[\d.]+$", claim).group(0)
    return re.search(rf"(?<![\d.]){re.escape(figure)}\s*[-−－+＋×*÷/]\s*\d[\d,.]*\s*[=＝]", after) is not None


def _pattern_unit(m: Misconception, units: list[Unit]) -> int | None:
    """Whole sentences are searched (a pattern may span comma groups); the unit where the match starts."""
    for text, unit_at in sentence_texts(units):
        at = states(m.patterns, text)
        if at is not None:
            return unit_at(at)
    return None


@dataclass(frozen=True)
class ErrorRule:
    """Thresholds of the spoken-phrasing match (fitted on the calibration fit split)."""
    says_floor: float  # cosine of the unit to the wrong claim at least this
    margin: float  # and this much closer to the wrong claim than to the correct statement
    lex_min: float  # share of the wrong claim's own words (not in the correct statement) the unit says
    lex_margin: float  # minus the share of the correct statement's own words it says


_POLARITY = re.compile(r"不|没|无|非|未|勿|禁止|免")
_CLAUSE = re.compile(r"[，,；;：:]")


def _same_polarity(unit: Unit, says: tuple[str, ...], words_of) -> bool:
    """The clause that shares most words with a phrasing of the wrong claim is negated exactly when that
    phrasing is: "签了保密协议就合规" vs "光签保密协议不够", "不需要本人同意" vs "需要本人书面同意"."""
    best = None
    for clause in _CLAUSE.split(unit.norm):
        words = words_of(clause)
        for phrase in says:
            overlap = len(words & words_of(phrase))
            if best is None or overlap > best[0]:
                best = (overlap, clause, phrase)
    return best is not None and bool(_POLARITY.search(best[1])) == bool(_POLARITY.search(matching_form(best[2])))


def _contrast(words: set[str], says: set[str], right: set[str]) -> float:
    wrong_only, right_only = says - right, right - says
    if not wrong_only:
        return 0.0
    return len(words & wrong_only) / len(wrong_only) - (len(words & right_only) / len(right_only) if right_only else 0.0)


def find_errors(items: list[Misconception], units: list[Unit], unit_words: list[set[str]], words_of,
                unit_vecs: np.ndarray | None, embed, point_sims: np.ndarray | None, rule: ErrorRule) -> list[Error]:
    """Misconceptions the answer states: a bank misconception by its reviewed patterns (checked against their
    example sentences); a note's misconception, which has no patterns, by a unit that says the wrong claim's
    own words rather than the correct statement's and is closer in meaning to the wrong claim. `words_of(text)` -> content
    words; `embed(text)` -> vector; `point_sims[u, p]` = similarity of unit u to rubric point p."""
    errors: list[Error] = []
    for m in items:
        hit = _pattern_unit(m, units) if m.patterns else None
        if not m.patterns and m.says:  # a note's misconception (no reviewed patterns): match its phrasing
            says, right = set().union(*(words_of(x) for x in m.says)), words_of(m.right)
            lexical = np.array([_contrast(w, says, right) for w in unit_words])
            ok = lexical >= rule.lex_margin
            ok &= np.array([len(w & (says - right)) / max(1, len(says - right)) >= rule.lex_min for w in unit_words])
            if unit_vecs is not None and embed is not None:
                wrong = np.max(unit_vecs @ np.stack([embed(x) for x in m.says]).T, axis=1)
                ok &= (wrong >= rule.says_floor) & (wrong - unit_vecs @ embed(m.right) >= rule.margin)
            ok_units = [u for u in np.where(ok)[0] if not _NEGATED.search(units[u].norm[:12])
                        and _same_polarity(units[u], m.says, words_of)]
            hit = int(max(ok_units, key=lambda u: lexical[u])) if ok_units else None
        if hit is None:
            continue
        point = m.point if m.point is not None else int(np.argmax(point_sims[hit])) if point_sims is not None else 0
        if not any(e.quote == units[hit].raw for e in errors):
            errors.append(Error(point, hit, units[hit].raw, m.right, m.locator))
    return errors
