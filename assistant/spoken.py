"""Spoken-Chinese helpers shared by scoring and delivery metrics: one rule for hesitation fillers.

A filler is only a hesitation standing on its own: 额 in 额度/金额/额外 and 那个 in 那个客户 are words.
Fillers are removed for matching only; quotes shown to a candidate keep every character.
"""

from __future__ import annotations

import re

_HAN = r"\u4e00-\u9fff"
FILLER_RE = re.compile(
    r"[嗯呃]+"  # never part of a domain word
    rf"|(?<![{_HAN}])啊+"  # 啊 opening a clause, not the particle after a word
    rf"|(?<![{_HAN}])额+(?![度外定满数头面])"  # 额 alone, not 额度/额外/额定
    r"|那个(?=[\s，,、。…]|那个|[再就也还又我你他她它这要先然所因但])"  # a pause or a function word next, not 那个客户
    r"|这个(?=这个)"
)


def count_fillers(text: str) -> int:
    return len(FILLER_RE.findall(text))


def strip_fillers(text: str) -> str:
    return FILLER_RE.sub("", text)
