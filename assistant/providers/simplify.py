"""Traditional → Simplified conversion and the CER normalisation of DESIGN.md §4."""

from __future__ import annotations

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


def numerals_to_digits(text: str) -> str:
    import warnings

    import cn2an

    with warnings.catch_warnings():  # cn2an warns (and keeps the text) on strings such as "一七三十"
        warnings.simplefilter("ignore")
        try:
            return cn2an.transform(text, "cn2an")
        except (ValueError, KeyError, IndexError):
            return text


def normalise_for_cer(text: str) -> str:
    """Punctuation and spaces removed, full-width → half-width, Traditional → Simplified,
    Chinese numerals → Arabic digits (七十多 and 70多 agree), Latin letters upper-cased."""
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text)
    text = numerals_to_digits(text)
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
