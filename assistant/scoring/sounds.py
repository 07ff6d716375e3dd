"""Put back domain words a recogniser wrote as homophones (施信被执行人 → 失信被执行人, 赞行条例 → 暂行条例).

A stretch of the answer is replaced only when its toneless pinyin equals a term's exactly: the term comes
from the question, the rubric or the domain lexicon, and has at least two characters (three for lexicon
terms, which have no context). Used for matching only; quotes keep what was said.
"""

from __future__ import annotations

import re

from ..spoken import replace_longest
from ..spoken import syllables as _syllables

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
MIN_CONTEXT, MIN_LEXICON = 2, 3


class SoundLexicon:
    def __init__(self, lexicon_terms: list[str]) -> None:
        self._base = {t for t in lexicon_terms if len(t) >= MIN_LEXICON and _HAN_RUN.fullmatch(t)}

    def terms(self, context_words: set[str]) -> dict[tuple[str, ...], str]:
        words = self._base | {w for w in context_words if len(w) >= MIN_CONTEXT and _HAN_RUN.fullmatch(w)}
        return {_syllables(w): w for w in sorted(words, key=lambda w: (len(w), w))}  # ties: the same word every run

    @staticmethod
    def correct(text: str, terms: dict[tuple[str, ...], str]) -> str:
        if not terms:
            return text
        lengths = sorted({len(k) for k in terms}, reverse=True)
        return _HAN_RUN.sub(lambda m: _fix_run(m.group(0), terms, lengths), text)


def _fix_run(run: str, terms: dict[tuple[str, ...], str], lengths: list[int]) -> str:
    syl = _syllables(run)
    if len(syl) != len(run):  # pypinyin keeps one syllable per character for Han text
        return run

    def find(i: int) -> tuple[int, str] | None:
        return next(((n, terms[syl[i:i + n]]) for n in lengths if i + n <= len(run) and syl[i:i + n] in terms),
                    None)

    return replace_longest(run, find)
