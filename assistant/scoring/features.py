"""Evidence features of an answer against each rubric point: e5 sentence similarity, jieba term overlap,
figures/formulas and named laws or methods the point asks for. Robust to ASR text (no punctuation,
homophones, Chinese numerals, fillers)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..providers.simplify import _numerals_to_digits
from ..tokenize import Tokenizer, normalise_text
from ..tutor.compose import content_tokens

FILLERS = re.compile(r"嗯+|呃+|啊+|额+|那个|就是说|然后呢")
_SPLIT = re.compile(r"[。！？；\n]+")
WINDOW, STRIDE = 28, 20  # unpunctuated speech is cut into (slightly overlapping) windows of this many characters
_FIGURE = re.compile(r"\d")
_FORMULA = re.compile(r"[=＝÷×/%％]|公式|等于|除以|乘以")
_NAMED = re.compile(r"《[^》]{2,30}》|[\u4e00-\u9fff]{2,12}(?:法|条例|办法|规定|守则)")


@dataclass(frozen=True)
class PointEvidence:
    dense: float  # best cosine between the point and an answer sentence
    lexical: float  # share of the point's content words present in the answer
    figures: float  # 1 if the point wants figures/formulas and the answer has them (or wants none), else 0
    named: float  # share of the laws/methods named in the point that the answer names
    evidence: str  # the answer sentence closest to the point


def clean(answer: str) -> str:
    return _numerals_to_digits(FILLERS.sub("", normalise_text(answer)))


def sentences(answer: str) -> list[str]:
    parts = [p.strip() for p in _SPLIT.split(answer) if len(p.strip()) >= 4]
    out = []
    for p in parts or [answer]:
        if len(p) <= WINDOW + STRIDE:
            out.append(p)
        else:  # ASR output without punctuation: overlapping windows
            out += [p[i : i + WINDOW] for i in range(0, max(1, len(p) - STRIDE), STRIDE)]
    return [s for s in out if s.strip()]


def point_evidence(points: list[str], answer: str, embed_query, tokenizer: Tokenizer,
                   sent_vectors: np.ndarray | None, sents: list[str]) -> list[PointEvidence]:
    """`embed_query(text)` -> vector (None when there is no embedder)."""
    words = set(tokenizer.tokens(answer))
    has_figures = bool(_FIGURE.search(answer))
    point_vectors = [embed_query(p) for p in points] if embed_query is not None and sents else None
    out = []
    for n, point in enumerate(points):
        want = content_tokens(tokenizer, point)
        lexical = len(want & words) / len(want) if want else 0.0
        if point_vectors is not None and sent_vectors is not None:
            sims = sent_vectors @ point_vectors[n]
            best = int(np.argmax(sims))
            dense, evidence = float(sims[best]), sents[best]
        else:
            dense, evidence = lexical, (sents[0] if sents else "")
        wants_figures = bool(_FIGURE.search(point) or _FORMULA.search(point))
        named = [m for m in _NAMED.findall(normalise_text(point))]
        named_share = (sum(1 for m in named if m.strip("《》")[:4] in answer) / len(named)) if named else lexical
        out.append(PointEvidence(dense, lexical, 1.0 if (has_figures or not wants_figures) else 0.0, named_share,
                                 evidence))
    return out
