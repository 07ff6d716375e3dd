"""After decoding: domain terms heard as everyday homophones, and letters spoken in Chinese, put right.

Whisper writes 复评 as 复平 and DSO as 迪艾斯欧. A span is replaced by a domain term when its toneless pinyin
matches the term's (with the usual near-sound pairs: z/zh, c/ch, s/sh, in/ing, en/eng, an/ang), the span is
not itself a dictionary word (百分之 stays, though it sounds like 百分制), it does not cut into a common word
or a phrase of the course material around it, and it changes no figure. Terms of the question being answered
may differ in one syllable with the same initial (键资产 → 净资产). A second pass does the same against the
phrases of the whole course material (speech/material.py: 单保 → 担保, 旅行能力 → 履行能力). A two-character
replacement must fit its neighbours in the material better than what was heard (特别是新订单 stays, though 是新
sounds like 失信). Every replacement is kept in an audit list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..providers.simplify import ledger_char, numerals_to_digits
from ..spoken import replace_longest, spoken_operators, syllables
from .material import MAX_CHARS, Material

_HAN = re.compile(r"[\u4e00-\u9fff]+")
# How a Mandarin speaker reads each letter (several readings each).
LETTER_READINGS = {
    "A": ("ei", "ai"), "B": ("bi",), "C": ("xi", "sei", "sai"), "D": ("di",), "E": ("yi",), "F": ("aifu",),
    "G": ("ji",), "H": ("aichi", "aiqi"), "I": ("ai",), "J": ("jie",), "K": ("kai",), "L": ("aile", "aiou"),
    "M": ("aimu", "aimo", "mu"), "N": ("en",), "O": ("ou", "o"), "P": ("pi",), "Q": ("qiu",), "R": ("aer", "a"),
    "S": ("aisi", "aisi"), "T": ("ti",), "U": ("you",), "V": ("wei",), "W": ("dabuliu",), "X": ("aikesi",),
    "Y": ("wai",), "Z": ("zei", "zeide"),
}
# A span spelling letters: syllables and letters, at least one letter, starting and ending on one.
_SPELLING = re.compile(r"(?=.*[A-Za-z])[A-Za-z\u4e00-\u9fff](?:[A-Za-z\u4e00-\u9fff -]*[A-Za-z\u4e00-\u9fff])?")
_LATIN = re.compile(r"[A-Za-z]")
WORD_FREQ = 100  # a word jieba knows this well is not cut into by a correction (所以一般 is not 所异议般)


# Credit-terms notation read aloud ("二斜杠十，恩斜杠三十") comes back as "2鞋缸10,N斜钢30" or "一些刚15 恩写刚45":
# a figure or n, two syllables sounding like 斜杠, and a figure are the notation 2/10, n/30.
_NOTATION = re.compile(r"(?<![\d.])(\d{1,2}|[一二两三四五六七八九十]{1,2}|[Nn恩嗯])\s*([\u4e00-\u9fff]{2})\s*"
                       r"(\d{1,3}|[一二三四五六七八九十百]{1,3})(?![\d.%])")
_SLASH = ("xie", "gan")  # 斜杠 in near-sound form

# Two numerals or more in a row are a figure (十四, 三十亿). A lone numeral is as often a misheard syllable
# (张零 for 账龄, 逾七 for 逾期, 经营一常 for 经营异常) and may change.
_FIGURE = re.compile("[零〇一二两三四五六七八九十百千万亿]{2,}")
_NUMERAL = re.compile("[零〇二两三四五六七八九十百千万亿]")  # 一 is also a word (一般, 一致): it may be put right


def _credit_terms_notation(text: str, fixes: list[Fix]) -> str:
    def fix(m: re.Match) -> str:
        if near_sound(m.group(2)) != _SLASH:
            return m.group(0)
        left = "n" if m.group(1) in "Nn恩嗯" else numerals_to_digits(m.group(1))
        said = f"{left}/{numerals_to_digits(m.group(3))}"
        fixes.append(Fix(m.group(0), said, m.start()))
        return said

    return _NOTATION.sub(fix, text)


# 百分之/千分之 is always followed by a figure: a syllable there that sounds like a numeral is one (百分之时 is 百分之十).
_SHARE = re.compile(r"(?<=[百千]分之)([\u4e00-\u9fff])")
_NUMERAL_CHARS = "零一二三四五六七八九十"


def _share_figures(text: str, fixes: list[Fix]) -> str:
    def fix(m: re.Match) -> str:
        heard = m.group(1)
        if heard in _NUMERAL_CHARS + "〇两百千":
            return heard
        said = next((c for c in _NUMERAL_CHARS if syllables(c) == syllables(heard)), heard)  # same syllable
        if said != heard:
            fixes.append(Fix(heard, said, m.start()))
        return said

    return _SHARE.sub(fix, text)


# Grades said as letters ("A类、B类、C类和D类"): whisper writes the first as A and the rest as syllables
# ("A类，比类、希类和迪类"). Where a transcript names a lettered class, a syllable that is a letter's name before
# 类/级/档 (and no word with it, as 低级 or 地级 are) is that letter.
_CLASS = re.compile(r"([\u4e00-\u9fff])(?=[类级档](?![型别似比推]))")
_LETTERED = re.compile(r"(?<![A-Za-z])[A-E](?:[类级档])")
_CLASS_LETTERS = {"ei": "A", "bi": "B", "xi": "C", "di": "D"}


def _class_letters(text: str, fixes: list[Fix], is_word) -> str:
    if not _LETTERED.search(text):
        return text

    def fix(m: re.Match) -> str:
        heard = m.group(1)
        letter = _CLASS_LETTERS.get(syllables(heard)[0])
        if not letter or is_word(text[m.start():m.end() + 1]):
            return heard
        fixes.append(Fix(heard, letter, m.start()))
        return letter

    return _CLASS.sub(fix, text)


# Whisper writes the syllable qi as the digit 7 (逾期率 -> "于7率", 逾期超过 -> "与 7 超过"). A lone 7 between two
# Han characters is read as 七 by the term passes, which may take it into a term; where none does, it is put back.
_LONE_SEVEN = re.compile(r"(?<=[\u4e00-\u9fff]) ?7 ?(?=[\u4e00-\u9fff])")


def _seven_as_syllable(text: str) -> tuple[str, dict[int, str]]:
    out, sevens, pos = [], {}, 0
    for m in _LONE_SEVEN.finditer(text):
        out.append(text[pos:m.start()])
        sevens[sum(map(len, out))] = m.group(0)
        out.append("七")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), sevens


def _sevens_back(heard: str, text: str, sevens: dict[int, str]) -> str:
    """The 7s that no correction took, as they were written: positions in `heard` outside any replaced stretch."""
    if not sevens:
        return text
    from difflib import SequenceMatcher

    back = {}
    for tag, i1, i2, j1, _ in SequenceMatcher(None, heard, text, autojunk=False).get_opcodes():
        if tag == "equal":
            back.update({j1 + at - i1: sevens[at] for at in sevens if i1 <= at < i2})
    return "".join(back.get(j, c) for j, c in enumerate(text))


def _as_heard(fix: Fix, said: str) -> Fix:
    """The audit quotes what was transcribed ("于 7"), not the 七 the term passes read in it."""
    if "七" not in fix.heard or fix.heard in said:
        return fix
    found = re.search("".join("(?: ?7 ?|七)" if c == "七" else re.escape(c) for c in fix.heard), said)
    return Fix(found.group(0).strip(), fix.term, fix.at) if found else fix


def _read_aloud(span: str) -> str:
    """"Pi母爱" -> "pimuai": letters by their Chinese names, syllables by their near sound. An I after a letter
    whose name ends in -i is that name's own vowel written out (DISO is D-S-O)."""
    out, prev = [], ""
    for piece in re.findall(r"[A-Za-z]+|[\u4e00-\u9fff]+", span):
        if not piece.isascii():
            out += near_sound(piece)
            prev = ""
            continue
        for letter in piece.upper():
            if letter == "I" and prev.endswith("i"):
                prev = ""
                continue
            prev = LETTER_READINGS.get(letter, ("?",))[0]
            out.append(prev)
    return "".join(out)


def _keeps_figures(heard: str, new: str) -> bool:
    """Never change a figure (就是十四 is not 就是事实) and never make one up (试试天 is not 四十天): a numeral
    of the replacement stands where the same numeral was heard."""
    kept = all(new[m.start():m.end()] == m.group(0) for m in _FIGURE.finditer(heard))
    return kept and all(c == heard[k] for k, c in enumerate(new) if _NUMERAL.match(c))


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
def near_sound(text: str) -> tuple[str, ...]:
    """Toneless near-pinyin of `text` read as a whole (heteronyms by context), one syllable per character."""
    return tuple(_near(s) for s in syllables(text))


class TermCorrector:
    def __init__(self, terms: list[str], acronyms: list[str], material: Material | None = None) -> None:
        import jieba

        jieba.initialize()  # get_FREQ answers None for every word until the dictionary is loaded
        self._freq = jieba.get_FREQ
        self._cut = lambda text: jieba.lcut(text, HMM=False)
        # 帐龄 is kept in the notes as a search alias; the correction writes 账 as the transcript does.
        terms = [ledger_char(t) for t in terms]
        self.terms = sorted({t for t in terms if 2 <= len(t) <= 8 and _HAN.fullmatch(t)}, key=len, reverse=True)
        self.material = material
        self.known = set(self.terms)
        self.by_sound: dict[tuple[str, ...], str] = {}
        for t in self.terms:
            self.by_sound.setdefault(near_sound(t), t)
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
        text = _class_letters(self._spelled_letters(text, fixes), fixes, self._freq)
        text = _share_figures(_credit_terms_notation(text, fixes), fixes)
        text, operators = spoken_operators(text)
        fixes += [Fix(heard, operator, at) for at, heard, operator in operators]
        context = {t for t in self.terms if t in hint}
        said = text
        heard, sevens = _seven_as_syllable(text)
        text = self._each_run(heard, lambda run, at: self._run(run, at, context, fixes))
        if self.material:  # second pass: what the terms left, against the whole material
            text = self._each_run(text, lambda run, at: self._material_run(run, at, fixes))
        return _sevens_back(heard, text, sevens), [_as_heard(f, said) if sevens else f for f in fixes]

    @staticmethod
    def _each_run(text: str, fix_run) -> str:
        out, pos = [], 0
        for run in _HAN.finditer(text):
            out += [text[pos:run.start()], fix_run(run.group(0), run.start())]
            pos = run.end()
        out.append(text[pos:])
        return "".join(out)

    def _locked(self, run: str) -> list[bool]:
        """Positions inside a common word or a phrase of the material (强制执行 is rare in jieba's dictionary);
        a correction may not start or end inside one."""
        inner, pos = [False] * (len(run) + 1), 0
        for word in self._cut(run):
            if len(word) >= 2 and ((self._freq(word) or 0) >= WORD_FREQ or word in self.known
                                   or (self.material and self.material.has_phrase(word))):
                for k in range(pos + 1, pos + len(word)):
                    inner[k] = True
            pos += len(word)
        return inner

    def _run(self, run: str, offset: int, context: set[str], fixes: list[Fix]) -> str:
        return self._fix_run(run, offset, 8, lambda i, n, sound: self._term_for(run[i:i + n], context), fixes)

    def _material_run(self, run: str, offset: int, fixes: list[Fix]) -> str:
        def phrase(i: int, n: int, sound: tuple[str, ...]) -> str | None:
            span = run[i:i + n]
            new = None if n == 2 and self._freq(span) else self.material.phrase_for(span, sound[i:i + n])
            return None if new in self.material.loose and not self._fits(run, i, n, new) else new

        return self._fix_run(run, offset, MAX_CHARS, phrase, fixes)

    def _fix_run(self, run: str, offset: int, longest: int, candidate, fixes: list[Fix]) -> str:
        """Longest first at each position: `candidate(i, n, sound)` proposes a replacement for run[i:i+n], kept
        when it neither cuts into a word nor changes a figure, and (two characters) fits its neighbours."""
        inner, sound = self._locked(run), near_sound(run)
        if len(sound) != len(run):
            return run

        def find(i: int) -> tuple[int, str] | None:
            for n in range(min(longest, len(run) - i), 1, -1):
                if inner[i] or inner[i + n]:
                    continue
                span = run[i:i + n]
                new = candidate(i, n, sound)
                if new and _keeps_figures(span, new) and (n > 2 or self._fits(run, i, n, new)):
                    fixes.append(Fix(span, new, offset + i))
                    return n, new
            return None

        return replace_longest(run, find)

    def _fits(self, run: str, i: int, n: int, new: str) -> bool:
        """The replacement of run[i:i+n] must sit beside its neighbours in the material more often than what
        was heard: 就是两个 stays (是两 is not 失联), 坏账和销 becomes 坏账核销. Without material, kept."""
        if not self.material:
            return True
        left, right = run[i - 1:i], run[i + n:i + n + 1]
        return self.material.seen_beside(left, new, right) > self.material.seen_beside(left, run[i:i + n], right)

    def _term_for(self, span: str, context: set[str]) -> str | None:
        if span in self.known or self._freq(span):
            return None
        sound = near_sound(span)
        term = self.by_sound.get(sound)
        if term and term != span:
            return term
        for t in context:  # the question's own terms: one syllable may differ if its initial agrees
            ts = near_sound(t)
            if len(t) == len(span) >= 3 and t != span and len(ts) == len(sound):
                diff = [(a, b) for a, b in zip(ts, sound) if a != b]
                if len(diff) == 1 and diff[0][0][:1] == diff[0][1][:1]:
                    return t
        return None

    def _spelled_letters(self, text: str, fixes: list[Fix]) -> str:
        """迪艾斯欧 -> DSO: a run of Chinese syllables that spell a known acronym letter by letter. Whisper also
        mixes letters and syllables ("Pi母爱" for PMI) and writes the -i of a letter's name as a letter of its
        own ("DISO" for DSO): such a span counts when, read aloud, it spells a known acronym."""
        if not self.letters:
            return text
        longest = max(map(len, self.letters))

        def find(i: int) -> tuple[int, str] | None:
            if _LATIN.match(text, i) and i and text[i - 1].isascii() and text[i - 1].isalpha():
                return None  # never from inside a word of letters
            for n in range(min(12, len(text) - i), 1, -1):
                span = text[i:i + n]
                if _HAN.fullmatch(span):
                    if span in self.known or self._freq(span):
                        continue
                    joined = "".join(near_sound(span))
                elif _SPELLING.fullmatch(span) and not (span[-1].isascii() and _LATIN.match(text, i + n)):
                    joined = _read_aloud(span)
                else:
                    continue
                acronym = self.letters.get(joined) if len(joined) <= longest else None
                if acronym and acronym != span.upper():
                    fixes.append(Fix(span, acronym, i))
                    return n, acronym
            return None

        return replace_longest(text, find)
