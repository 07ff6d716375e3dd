"""Resolve elliptical follow-ups ("那一级呢？", "举个例子") against the previous question."""

from __future__ import annotations

import re

from ..levels import mentioned_levels, remove_level_mentions
from ..locators import ITEM_CODE_RE
from ..tokenize import normalise_text

_FOLLOWUP_RE = re.compile(r"^(那|那么|还有|另外|再|为什么|具体|怎么做|能不能详细|详细|展开|继续|第[一二三四五六七八九1-9]个|上面|刚才|这个|这条)")
_EXAMPLE_RE = re.compile(r"例子|举例|算例|举个")
SHORT = 10  # a question this short after another is read as a follow-up


def contextualize(question: str, previous: list[str]) -> str:
    """The stand-alone question to retrieve for, given earlier (already resolved) questions."""
    if not previous:
        return question
    prev = previous[-1]
    q = question.strip()
    if ITEM_CODE_RE.search(normalise_text(q)):
        return q  # an item code is a topic of its own: "3.3.1是什么" after 信用修复 is not about 信用修复
    levels = mentioned_levels(q)
    if levels and len(q) <= 15:
        base = remove_level_mentions(prev)
        return f"{'、'.join(sorted(levels))} {base}"
    if _EXAMPLE_RE.search(q) and len(q) <= 15:
        return f"{prev} 算例 举例"
    if _FOLLOWUP_RE.match(q) or len(q) <= SHORT:
        # The topic carries over, an item code does not: "那技师对财务报表的要求是啥" is not about 1.3.3.
        return f"{ITEM_CODE_RE.sub('', prev) if len(q) > SHORT else prev} {q}"
    return q
