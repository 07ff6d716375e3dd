"""Traditional → Simplified conversion and the CER normalisation of DESIGN.md §4."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from functools import lru_cache

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _converter().convert(text)


_TENT = re.compile(r"(?<![蚊营])帐(?![篷幕])")


def ledger_char(text: str) -> str:
    """坏帐/帐龄/外帐 -> 坏账/账龄/外账: whisper and older habits write 帐 where credit work means 账 (帐篷 and
    蚊帐 stay). Not part of the CER normalisation: transcripts and the scorer's matching form use it."""
    return _TENT.sub("账", text)


# Whisper writes ASCII marks in Chinese text ("总额,反应的是"); a reader expects ，？！；：. Between two digits
# a mark belongs to the figure (1,000 or 10:30) and stays.
_ASCII_MARK = re.compile(r"(?<!\d)[,?!;:]|[,?!;:](?!\d)")
_FULL_WIDTH = str.maketrans(",?!;:", "，？！；：")


def chinese_marks(text: str) -> str:
    return _ASCII_MARK.sub(lambda m: m.group(0).translate(_FULL_WIDTH), text)


_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# "两三天", "七八成", "三五个": two neighbouring numerals (and the idiom 三五) are a range, which cn2an would read as
# 23, 78 and 35.
_RANGE = re.compile(r"(?<![十百千万亿零〇点一二两三四五六七八九])([一二两三四五六七八九])([二两三四五六七八九])(?![十百千万亿零〇一二两三四五六七八九])")
# "八十万一样", "二十一万一年": a 一 after a whole figure starts a word; cn2an would fold it into the figure.
_WORD_ONE = re.compile(r"(?<=[十百千万亿])一(?=[样年次起共直定般些点下旦致半])")
_KEPT_ONE = "\ue000"
# "两名考评员", "两家", "两次": cn2an reads 两 only before some measure words (两年, 两个); a lone 两 before any
# other measure word is the figure 2 as well.
_TWO = re.compile(r"(?<![十百千万亿零〇点一二两三四五六七八九\d])两(?=[名家次周项倍类级种笔轮批张套道步档层方组户位遍])")


# "九点六万", "十一点一万": cn2an reads a decimal figure but not one followed by 万/亿 (it keeps the text).
_DECIMAL_SCALED = re.compile(r"(?<![零〇一二两三四五六七八九十百千])([零〇一二两三四五六七八九十百千]+)点([零〇一二三四五六七八九]+)(?=[万亿])")


def _decimal(m: re.Match) -> str:
    import cn2an

    return f"{cn2an.cn2an(m.group(1), 'smart')}.{''.join(str(_DIGIT.get(c, 0)) for c in m.group(2))}"


def numerals_to_digits(text: str) -> str:
    import warnings

    import cn2an

    with contextlib.suppress(ValueError, KeyError, IndexError):
        text = _DECIMAL_SCALED.sub(_decimal, text)
    text = _RANGE.sub(lambda m: f"{_DIGIT[m.group(1)]}-{_DIGIT[m.group(2)]}"
                      if _DIGIT[m.group(2)] == _DIGIT[m.group(1)] + 1 or m.group(0) == "三五" else m.group(0), text)
    text = _WORD_ONE.sub(_KEPT_ONE, _TWO.sub("2", text))
    with warnings.catch_warnings(), contextlib.suppress(ValueError, KeyError, IndexError):
        warnings.simplefilter("ignore")  # cn2an warns (and keeps the text) on strings such as "一七三十"
        text = cn2an.transform(text, "cn2an")
    return text.replace(_KEPT_ONE, "一")


THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")  # ASCII only: a full-width ， separates clauses
_MIXED = re.compile(r"(\d+)([千百])万")  # whisper's 4千万 is 4000万
_YI = re.compile(r"(\d+(?:\.\d+)?)亿")
_ROUND = re.compile(r"(?<![\d.])(\d+)0000(?![\d.]|万|亿)")


def amounts_in_wan(text: str) -> str:
    """Large amounts in one form, counted in 万: cn2an turns the spoken 一百八十万 into 1800000 and 一点三亿 into
    1.3亿, while a text (or whisper) writes 180万 and 13000万 alike."""
    text = _YI.sub(lambda m: f"{float(m.group(1)) * 10000:g}万", text)
    return _ROUND.sub(lambda m: f"{m.group(1)}万", text)


def normalise_for_cer(text: str) -> str:
    """Punctuation and spaces removed, full-width → half-width, Traditional → Simplified,
    Chinese numerals → Arabic digits (七十多 and 70多 agree; 五十万, 50万 and 500,000 too: amounts counted in 万),
    Latin letters upper-cased."""
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text)
    text = _MIXED.sub(lambda m: m.group(1) + ("000" if m.group(2) == "千" else "00") + "万", THOUSANDS.sub("", text))
    text = amounts_in_wan(numerals_to_digits(text))
    return _PUNCT.sub("", text).upper()


def edit_distance(a: str, b: str) -> int:
    """Character edits (jiwer's alignment): substitutions + deletions + insertions."""
    import jiwer

    if not a or not b:
        return max(len(a), len(b))
    out = jiwer.process_characters(a, b)
    return out.substitutions + out.deletions + out.insertions


def cer(reference: str, hypothesis: str) -> tuple[int, int]:
    """(edits, reference length) after normalising both sides."""
    ref, hyp = normalise_for_cer(reference), normalise_for_cer(hypothesis)
    return edit_distance(ref, hyp), len(ref)


def terms_missed(terms: list[str], hypothesis: str) -> list[str]:
    """Domain terms of the reference that the transcript does not contain (both sides normalised)."""
    hyp = normalise_for_cer(hypothesis)
    return [t for t in terms if normalise_for_cer(t) not in hyp]
