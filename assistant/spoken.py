"""Spoken-Chinese helpers shared by scoring, speech recognition and delivery metrics: one rule for hesitation
fillers, one pinyin reading and one longest-match replacement for putting back misheard words.

A filler is only a hesitation standing on its own: 额 in 额度/金额/额外 and 那个 in 那个客户 are words.
Fillers are removed for matching only; quotes shown to a candidate keep every character.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

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


@lru_cache(maxsize=20000)
def syllables(text: str) -> tuple[str, ...]:
    """Toneless pinyin, one syllable per Han character."""
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(text))


def replace_longest(run: str, find: Callable[[int], tuple[int, str] | None]) -> str:
    """Left to right: at each position `find(i)` gives (length, replacement) for the longest stretch to
    replace there, or None to keep the character."""
    out, i = [], 0
    while i < len(run):
        hit = find(i)
        if hit:
            out.append(hit[1])
            i += hit[0]
        else:
            out.append(run[i])
            i += 1
    return "".join(out)


# An operator between two figures, as a recogniser writes it: "600万成25%" (乘), "720处以1350" (除以),
# "150件24.75件63" (减), "再呈百分之十" (再乘). Only where a figure follows, and (without 再) a figure precedes:
# there no other word fits.
_AFTER_FIGURE = r"(?<=[\d%万亿元天])\s*"
_BEFORE_FIGURE = r"(?=\s*(?:[\d零一二两三四五六七八九十]|百分之))"
_OPERATOR_SOUNDS = (
    (re.compile(rf"[在再][成程城诚承称呈](以)?{_BEFORE_FIGURE}"), r"再乘\1"),
    (re.compile(rf"{_AFTER_FIGURE}[成程城诚承称呈](以)?{_BEFORE_FIGURE}"), r"乘\1"),
    (re.compile(rf"{_AFTER_FIGURE}[处出储触]以{_BEFORE_FIGURE}"), "除以"),
    (re.compile(rf"{_AFTER_FIGURE}[件见建剪](去)?{_BEFORE_FIGURE}"), r"减\1"),
    # Between two letter-named quantities ("PD成LGD", "EAD承PD"): no word but 乘 joins two acronyms.
    (re.compile(r"(?<=[A-Za-z])\s*[成程城诚承称呈](?=\s*[A-Za-z])"), "乘"),
)


def spoken_operators(text: str) -> tuple[str, list[tuple[int, str, str]]]:
    """The text with misheard operators put right, and each change as (offset in the input, heard, operator)."""
    changes: list[tuple[int, str, str]] = []
    for pattern, operator in _OPERATOR_SOUNDS:
        def fix(m: re.Match, operator: str = operator) -> str:
            said = m.expand(operator)
            if m.group(0).strip() != said:
                changes.append((m.start(), m.group(0), said))
            return said
        text = pattern.sub(fix, text)
    return text, changes
