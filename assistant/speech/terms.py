"""The domain terms speech recognition is primed with and corrected towards."""

from __future__ import annotations

import math
from collections import Counter

from ..ingest.notes import Note
from ..panel.bank import BankQuestion
from ..tokenize import Tokenizer

BANK_WORD_MIN, EVERYDAY_WORD_FREQ = 3, 300  # a bank word used this often, and rarer than this in jieba's dictionary


def speech_terms(tokenizer: Tokenizer, bank: list[BankQuestion], notes: list[Note], lexicon: list[str]) -> list[str]:
    """Domain terms for speech, most telling first: the lexicon, grown by the words the bank's questions and
    rubrics use at least BANK_WORD_MIN times that are rare in everyday Chinese (jieba's frequency)."""
    text = " ".join(q.question + "".join(p.point for p in q.rubric) + "".join(q.outline) for q in bank)
    counts = Counter(tokenizer.words(text))
    grown = [w for w, n in counts.items() if n >= BANK_WORD_MIN and 2 <= len(w) <= 6 and w.isalpha()
             and not w.isascii() and tokenizer.frequency(w) < EVERYDAY_WORD_FREQ]
    text += " ".join(n.body for n in notes)
    terms = [t for t in dict.fromkeys(lexicon + grown) if len(t) >= 2 and not any(c.isdigit() for c in t)]
    # Most used in the material and least everyday first: 逾期、账龄 before 客户、数据.
    return sorted(terms, key=lambda t: -text.count(t) / (1 + math.log1p(tokenizer.frequency(t))))
