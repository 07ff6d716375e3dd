"""A clause that says the opposite of what the question's own correct statements say.

The rubric points and the correct statements of the question's known misconceptions are true by
construction. A clause of the answer that is about the same thing (shares at least GATE content words with
one of them) and uses the opposite member of an antonym pair ("多约束取最小" → "取其中最大的那个",
"不得低于强制性国家标准" → "可以低于强制性国家标准") contradicts it. This catches a confidently wrong
answer whose wording no misconception pattern foresaw. It is deliberately narrow: only direction and
magnitude words, and modals only when they govern the same verb; a negated clause is not judged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .facts import _NEGATED, Error
from .units import Unit, matching_form

GATE = 3  # shared content words before a clause counts as being about the same thing
# Each pair: two words that cannot both describe the same quantity or rule.
DIRECTIONS = (("最大", "最小"), ("最高", "最低"), ("越大", "越小"), ("越长", "越短"), ("越高", "越低"),
              ("越多", "越少"), ("越快", "越慢"), ("增加", "减少"), ("提高", "降低"), ("上调", "下调"),
              ("调高", "调低"), ("增额", "降额"), ("放宽", "收紧"), ("上升", "下降"), ("许可制", "备案制"),
              ("高于", "低于"), ("大于", "小于"), ("少查", "多查"))
# Modals: opposite only when the same verb follows ("不得低于" vs "可以…低于").
MODALS = (("可以", "不得"), ("可以", "不能"), ("需要", "不需要"), ("必须", "无需"), ("应当", "不得"))
MODAL_REACH = 6  # characters between the modal and its verb in the answer
_CLAUSE = re.compile(r"[^，,；;。！？!?：:\s]+")  # a space in Chinese text is a pause (speech recognition writes one)
_NEGATED_BEFORE = re.compile(r"(不|没|并非|而非|不是|别)$")
_NUMBER = re.compile(r"^[\d.%]+$")


@dataclass(frozen=True)
class Statement:
    text: str  # matching form
    point: int  # 0-based rubric point it belongs to
    right: str  # as shown in the report
    locator: str
    words: frozenset[str]  # its content words, found once per question rather than once per answer

    @classmethod
    def of(cls, right: str, point: int, locator: str, words: Callable[[str], set[str]]) -> Statement:
        text = matching_form(right)
        return cls(text, point, right, locator, frozenset(words(text)))


def _flip(clause: str, fact: str) -> bool:
    for a, b in DIRECTIONS:
        for said, true in ((a, b), (b, a)):
            if true in fact and said in clause and true not in clause and said not in fact:
                at = clause.find(said)
                if not _NEGATED_BEFORE.search(clause[max(0, at - 2):at]) and not _NEGATED.search(clause[:at]):
                    return True
    for a, b in MODALS:
        for said, true in ((a, b), (b, a)):
            for hit in re.finditer(re.escape(true), fact):
                verb = fact[hit.end():hit.end() + 2]
                if len(verb) < 2 or said in fact:
                    continue
                at = clause.find(said)
                if at >= 0 and true not in clause and verb in clause[at + len(said):at + len(said) + MODAL_REACH + 2] \
                        and not _NEGATED.search(clause[:at]):
                    return True
    return False


def contrary_errors(statements: list[Statement], units: list[Unit], words: Callable[[str], set[str]]) -> list[Error]:
    """One error per unit, for the first clause that flips a statement it is about."""
    errors = []
    for n, unit in enumerate(units):
        for clause in _CLAUSE.findall(unit.norm):
            mine = words(clause)
            hit = next((s for s in statements if len(mine & s.words) >= GATE and _flip(clause, s.text)), None)
            if hit:
                errors.append(Error(hit.point, n, unit.raw, hit.right, hit.locator))
                break
    return errors


def content_words(split: Callable[[str], list[str]]) -> Callable[[str], set[str]]:
    """Words of two or more characters that are not bare figures, from a plain word cut."""
    return lambda text: {w for w in split(text) if len(w) >= 2 and not _NUMBER.match(w)}
