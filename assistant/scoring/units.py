"""Answer text cut into evidence units with their exact wording kept for quotes.

A unit is a sentence, or a comma group of a long sentence, or (unpunctuated speech) a run of whole
words. `raw` is exactly what the candidate said; `norm` is the matching form (full-width → half-width,
lower-case Latin, fillers removed, Chinese numerals → digits), used for matching only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..providers.simplify import THOUSANDS, amounts_in_wan, ledger_char, numerals_to_digits
from ..spoken import strip_fillers
from ..tokenize import Tokenizer, normalise_text

_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*")
_COMMA = re.compile(r"(?:[^，,：:]|(?<=\d)[,:](?=\d))+[，,：:]*")  # not inside 1,200 or 10:30
_CONTENT = re.compile(r"[\u4e00-\u9fffA-Za-z0-9０-９]")
MAX_UNIT = 60  # longer sentences are cut at commas
WINDOW = 36  # unpunctuated runs are cut into whole-word windows of about this many characters
MIN_CONTENT = 2


@dataclass(frozen=True)
class Unit:
    raw: str  # exactly as said
    start: int  # offset in the answer
    norm: str  # matching form
    sentence: int = 0  # index of the sentence it belongs to (a long sentence gives several units)


def matching_form(text: str) -> str:
    return amounts_in_wan(numerals_to_digits(strip_fillers(normalise_text(ledger_char(THOUSANDS.sub("", text))))))


def pattern_form(pattern: str) -> str:
    """A misconception regex in the form it is matched against: as matching_form, except that no filler is
    stripped — in "(额|收入)" the 额 stands alone and would be taken for a hesitation, leaving "(|收入)"."""
    return amounts_in_wan(numerals_to_digits(normalise_text(THOUSANDS.sub("", pattern))))


def _spans(text: str, pattern: re.Pattern, offset: int) -> list[tuple[int, str]]:
    return [(offset + m.start(), m.group(0)) for m in pattern.finditer(text)]


def _windows(start: int, text: str, tokenizer: Tokenizer) -> list[tuple[int, str]]:
    out, cur, at = [], "", start
    for word in tokenizer.words(text):
        if len(cur) + len(word) > WINDOW and cur:
            out.append((at, cur))
            at, cur = at + len(cur), ""
        cur += word
    return out + ([(at, cur)] if cur else [])


def _pieces(start: int, sentence: str, tokenizer: Tokenizer) -> list[tuple[int, str]]:
    if len(sentence) <= MAX_UNIT:
        return [(start, sentence)]
    groups: list[tuple[int, str]] = []
    for at, part in _spans(sentence, _COMMA, start):
        if groups and len(groups[-1][1]) + len(part) <= MAX_UNIT // 1.5:
            groups[-1] = (groups[-1][0], groups[-1][1] + part)
        else:
            groups.append((at, part))
    out = []
    for at, part in groups:
        out += _windows(at, part, tokenizer) if len(part) > MAX_UNIT else [(at, part)]
    return out


_ASKS = re.compile(r"吗|呢|什么|为什么|为何|怎么|怎样|如何|哪|是否|能否|可否|几|多少|难道|吧")


def _sentences(answer: str) -> list[tuple[int, str]]:
    """Sentences, where a "？" closes one only if it asks something: speech recognition writes "？" after
    a rising phrase of a plain statement ("首先是目标？比如逾期率……"), which would cut one statement in two."""
    out: list[tuple[int, str]] = []
    for start, sentence in _spans(answer, _SENTENCE, 0):
        if out and out[-1][1].endswith(("？", "?")) and not _ASKS.search(out[-1][1]) and \
                out[-1][0] + len(out[-1][1]) == start:  # adjacent: the quote stays exactly as said
            out[-1] = (out[-1][0], out[-1][1] + sentence)
        else:
            out.append((start, sentence))
    return out


_INNER_RISE = re.compile(r"\?(?=.)")  # a "？" inside a joined sentence is a pause: a comma to every rule


def split_units(answer: str, tokenizer: Tokenizer) -> list[Unit]:
    units = []
    for n, (start, sentence) in enumerate(_sentences(answer)):
        for at, piece in _pieces(start, sentence, tokenizer):
            lead = len(piece) - len(piece.lstrip())
            raw = piece.strip()
            if len(_CONTENT.findall(raw)) >= MIN_CONTENT:
                units.append(Unit(raw, at + lead, _INNER_RISE.sub(",", matching_form(raw)), n))
    return units


def sentence_texts(units: list[Unit]) -> Iterator[tuple[str, Callable[[int], int]]]:
    """Each sentence's matching form, joined from its units, with a map from an offset in it to the index of
    the unit holding that offset: a match may span the comma groups of one long sentence, and is blamed on
    the unit where it starts."""
    for sentence in dict.fromkeys(u.sentence for u in units):
        members = [n for n, u in enumerate(units) if u.sentence == sentence]
        text, ends = "", []
        for n in members:
            text += units[n].norm
            ends.append(len(text))
        yield text, lambda at, m=members, e=ends: next((n for n, end in zip(m, e) if at < end), m[-1])
