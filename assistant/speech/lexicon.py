"""After decoding: domain terms heard as everyday homophones, and letters spoken in Chinese, put right.

Whisper writes 复评 as 复平 and DSO as 迪艾斯欧. A span is replaced by a domain term when its toneless pinyin
matches the term's (with the usual near-sound pairs: z/zh, c/ch, s/sh, in/ing, en/eng, an/ang), the span is
not itself a dictionary word (百分之 stays, though it sounds like 百分制), it does not cut into a common word
around it, and it holds no digit. Terms of the question being answered may differ in one
syllable with the same initial (键资产 → 净资产). Every replacement is kept in an audit list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..spoken import replace_longest, spoken_operators, syllables

_HAN = re.compile(r"[\u4e00-\u9fff]+")
# How a Mandarin speaker reads each letter (several readings each).
LETTER_READINGS = {
    "A": ("ei", "ai"), "B": ("bi",), "C": ("xi", "sei", "sai"), "D": ("di",), "E": ("yi",), "F": ("aifu",),
    "G": ("ji",), "H": ("aichi", "aiqi"), "I": ("ai",), "J": ("jie",), "K": ("kai",), "L": ("aile", "aiou"),
    "M": ("aimu", "aimo"), "N": ("en",), "O": ("ou", "o"), "P": ("pi",), "Q": ("qiu",), "R": ("aer", "a"),
    "S": ("aisi", "aisi"), "T": ("ti",), "U": ("you",), "V": ("wei",), "W": ("dabuliu",), "X": ("aikesi",),
    "Y": ("wai",), "Z": ("zei", "zeide"),
}
WORD_FREQ = 100  # a word jieba knows this well is not cut into by a correction (所以一般 is not 所异议般)


@dataclass(frozen=True)
class Fix:
    heard: str
    term: str
    at: int

    def to_json(self) -> dict:
        return {"heard": self.heard, "term": self.term, "at": self.at}


def _near(syllable: str) -> str:
    s = re.sub(r"^(z|c|s)h", r"\1", syllable)
    return re.sub(r"(i|e|a)ng$", r"\1n", s)


@lru_cache(maxsize=20000)
def _syllables(text: str) -> tuple[str, ...]:
    return tuple(_near(s) for s in syllables(text))


class TermCorrector:
    def __init__(self, terms: list[str], acronyms: list[str]) -> None:
        import jieba

        jieba.initialize()  # get_FREQ answers None for every word until the dictionary is loaded
        self._freq = jieba.get_FREQ
        self._cut = lambda text: jieba.lcut(text, HMM=False)
        self.terms = sorted({t for t in terms if 2 <= len(t) <= 8 and _HAN.fullmatch(t)}, key=len, reverse=True)
        self.known = set(self.terms)
        self.by_sound: dict[tuple[str, ...], str] = {}
        for t in self.terms:
            self.by_sound.setdefault(_syllables(t), t)
        self.letters = self._letter_sounds([a for a in acronyms if a.isascii() and a.isalpha() and len(a) <= 5])

    @staticmethod
    def _letter_sounds(acronyms: list[str]) -> dict[str, str]:
        """"disiou" -> "DSO" for every reading of every letter."""
        out: dict[str, str] = {}
        for acronym in acronyms:
            readings = [""]
            for letter in acronym.upper():
                readings = [r + v for r in readings for v in LETTER_READINGS.get(letter, ())]
            for r in readings:
                out.setdefault(r, acronym.upper())
        return out

    def correct(self, text: str, hint: str = "") -> tuple[str, list[Fix]]:
        fixes: list[Fix] = []
        text = self._spelled_letters(text, fixes)
        text, operators = spoken_operators(text)
        fixes += [Fix(heard, operator, at) for at, heard, operator in operators]
        context = {t for t in self.terms if t in hint}
        out, pos = [], 0
        for run in _HAN.finditer(text):
            out.append(text[pos:run.start()])
            out.append(self._run(run.group(0), run.start(), context, fixes))
            pos = run.end()
        out.append(text[pos:])
        return "".join(out), fixes

    def _locked(self, run: str) -> list[bool]:
        """Positions inside a common word; a correction may not start or end inside one."""
        inner, pos = [False] * (len(run) + 1), 0
        for word in self._cut(run):
            if len(word) >= 2 and (self._freq(word) or 0) >= WORD_FREQ:
                for k in range(pos + 1, pos + len(word)):
                    inner[k] = True
            pos += len(word)
        return inner

    def _run(self, run: str, offset: int, context: set[str], fixes: list[Fix]) -> str:
        inner = self._locked(run)

        def find(i: int) -> tuple[int, str] | None:
            for n in range(min(8, len(run) - i), 1, -1):
                if not (inner[i] or inner[i + n]) and (term := self._term_for(run[i:i + n], context)):
                    fixes.append(Fix(run[i:i + n], term, offset + i))
                    return n, term
            return None

        return replace_longest(run, find)

    def _term_for(self, span: str, context: set[str]) -> str | None:
        if span in self.known or self._freq(span):
            return None
        sound = _syllables(span)
        term = self.by_sound.get(sound)
        if term and term != span:
            return term
        for t in context:  # the question's own terms: one syllable may differ if its initial agrees
            ts = _syllables(t)
            if len(t) == len(span) >= 3 and t != span and len(ts) == len(sound):
                diff = [(a, b) for a, b in zip(ts, sound) if a != b]
                if len(diff) == 1 and diff[0][0][:1] == diff[0][1][:1]:
                    return t
        return None

    def _spelled_letters(self, text: str, fixes: list[Fix]) -> str:
        """迪艾斯欧 -> DSO: a run of Chinese syllables that spell a known acronym letter by letter."""
        if not self.letters:
            return text
        longest = max(map(len, self.letters))

        def find(i: int) -> tuple[int, str] | None:
            for n in range(min(10, len(text) - i), 1, -1):
                span = text[i:i + n]
                if not _HAN.fullmatch(span) or span in self.known:
                    continue
                joined = "".join(_syllables(span))
                if len(joined) <= longest and joined in self.letters and not self._freq(span):
                    fixes.append(Fix(span, self.letters[joined], i))
                    return n, self.letters[joined]
            return None

        return replace_longest(text, find)
