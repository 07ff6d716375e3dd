"""Citations the product attaches to an LLM answer that gave none: a small model writes a sound sentence from
a passage but rarely types its locator. Each sentence of the answer is matched to the retrieved passage that
contains most of its content words; a match is cited as 〔locator〕 and marked as attached. A sentence that
matches no passage stays uncited, and an answer none of whose sentences match any passage is not kept.

"资料未涉及" is an honest reply the prompt asks for: it is kept as it is, with no citation.
"""

from __future__ import annotations

import re

from ..tokenize import Tokenizer
from ..types import Hit
from .compose import content_tokens

MIN_SHARE = 0.6  # share of a sentence's content words that one passage must contain
MIN_WORDS = 3  # shorter sentences ("好的。") are never attributed
NOT_COVERED_RE = re.compile(r"资料(中|里)?(未|没有)(涉及|提到|讲到|覆盖)")
SENTENCE_RE = re.compile(r"[^。！？；\n]+[。！？；]?")


def says_not_covered(text: str) -> bool:
    """The model's whole reply is the honest "the material does not cover this" (a short answer)."""
    return bool(NOT_COVERED_RE.search(text)) and len(text.strip()) <= 60


def attach(tokenizer: Tokenizer, text: str, hits: list[Hit]) -> tuple[str, list[Hit]]:
    """The answer with 〔locator〕 after each sentence a passage supports, and the passages so cited."""
    words = [set(content_tokens(tokenizer, h.chunk.title + h.chunk.text)) for h in hits]
    out, used = [], {}
    for sentence in SENTENCE_RE.findall(text):
        best = _best_passage(tokenizer, sentence, hits, words)
        if best is None:
            out.append(sentence)
            continue
        used[id(best)] = best
        end = len(sentence) - (1 if sentence[-1] in "。！？；" else 0)
        out.append(f"{sentence[:end]}〔{best.chunk.locator}〕{sentence[end:]}")
    return "".join(out), list(used.values())


def _best_passage(tokenizer: Tokenizer, sentence: str, hits: list[Hit], words: list[set[str]]) -> Hit | None:
    mine = set(content_tokens(tokenizer, sentence))
    if len(mine) < MIN_WORDS:
        return None
    shares = [len(mine & w) / len(mine) for w in words]
    best = max(range(len(hits)), key=lambda i: shares[i], default=None)
    return hits[best] if best is not None and shares[best] >= MIN_SHARE else None
