"""Which sentences of a cited passage the answer used: marked for the side panel of the web app."""

from __future__ import annotations

import re

from ..tokenize import Tokenizer
from .compose import content_tokens

_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?|\n")
QUOTED, RELEVANT = "答案引用", "相关"


def highlight(tokenizer: Tokenizer, text: str, answer: str, query: str) -> list[tuple[str, str | None]]:
    """The passage cut into sentences, each labelled QUOTED (it appears in the answer), RELEVANT (it shares
    at least two content words with the question) or None. Concatenating the pieces gives the text back."""
    q = content_tokens(tokenizer, query)
    compact = re.sub(r"\s+", "", answer)
    out: list[tuple[str, str | None]] = []
    for m in _SENTENCE.finditer(text):
        piece = m.group(0)
        core = re.sub(r"\s+", "", piece.strip(" -*#"))
        if len(core) >= 4 and core.rstrip("。；！？") in compact:
            label = QUOTED
        elif len(q & set(tokenizer.tokens(piece))) >= 2:
            label = RELEVANT
        else:
            label = None
        out.append((piece, label))
    return out
