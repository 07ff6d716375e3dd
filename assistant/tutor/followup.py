"""Resolve elliptical follow-ups ("那一级呢？", "举个例子") against the previous question."""

from __future__ import annotations

import re

from ..levels import mentioned_levels, remove_level_mentions
from ..locators import ITEM_CODE_RE
from ..tokenize import normalise_text

_FOLLOWUP_RE = re.compile(r"^(那|那么|还有|另外|再|为什么|具体|怎么做|能不能详细|详细|展开|继续|第[一二三四五六七八九1-9]个|上面|刚才|这个|这条)")
_EXAMPLE_RE = re.compile(r"例子|举例|算例|举个")
# "举个例子呗，具体咋调": a bare request for an example opens the question; whatever follows is about the same topic,
# an item code included.
_EXAMPLE_FIRST = re.compile(r"^(?:能|能不能|可以|再|麻烦)?(?:举个?例子?|举例|给个例子|来个例子)(?:说明)?[呗吧嘛呀啊哈呢]")
SHORT = 10  # a question this short after another is read as a follow-up, unless it names its own subject
# Words of a question that ask about something without naming it ("为什么？", "具体呢", "有什么区别？").
GENERIC_ASKS = frozenset({"为什么", "具体", "还有", "举例", "例子", "理解", "区别", "意思", "解释", "详细", "说明", "内容",
                          "问题", "几门", "多少", "哪些", "什么", "怎么", "如何", "要求", "规定", "呢", "算例"})


def contextualize(question: str, previous: list[str], own_topic: bool = False) -> str:
    """The stand-alone question to retrieve for, given earlier (already resolved) questions. `own_topic`:
    the question names a subject of its own ("速动比率怎么算？"), so being short, naming a level or asking for
    an example does not make it a follow-up; only a follow-up opening ("那…", "为什么…") still does."""
    if not previous:
        return question
    prev = previous[-1]
    q = question.strip()
    if ITEM_CODE_RE.search(normalise_text(q)):
        return q  # an item code is a topic of its own: "3.3.1是什么" after 信用修复 is not about 信用修复
    if _EXAMPLE_FIRST.match(q):
        return f"{prev} {q} 算例"
    if own_topic and not _FOLLOWUP_RE.match(q):
        return q  # so is a subject it names: "DSO怎么算？举个例子", "一级的DSO怎么算" after 速动比率
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
