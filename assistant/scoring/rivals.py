"""Is the answer answering another question? Its fit to the asked question against the bank's other questions.

An answer about a neighbouring topic (信用期限 when asked about 收账政策) shares enough of the domain's words
to earn partial evidence on some rubric points, yet examiners give it next to nothing. What gives it away is
that another bank question (with its rubric) fits it better than the one asked. Two measures, both margins of
the asked question over its best rival: word overlap (TF-IDF over the bank, about a millisecond), and, only
when the words already favour a rival, meaning (the answer's opening against the asked question's wording and
the top lexical rivals', one short embedding; the bank's question wordings are embedded once, in one batch,
and kept in the cache dir, which the index build fills). The two margins combine into one (meaning +
WORDS_SHARE × words), whose threshold evals/fit_scoring.py fits. Bank questions that are the asked one or its
twin are not rivals.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..providers.embeddings import Embedder, cached_queries
from ..tokenize import Tokenizer
from ..tutor.compose import content_token_list
from .units import matching_form

TWIN = 0.6  # TF-IDF cosine above which a bank question is the asked one (or a copy of it), not a rival
TOP = 5  # lexical rivals the meaning check compares against
OPENING = 150  # characters of the answer embedded for the meaning check (about 90 ms on 2 cores)
CLEAR = 1.0  # the meaning margin reported when the words already favour the asked question
WORDS_SHARE = 0.3  # word margins spread about three times as wide as meaning margins


def topic_text(question: str, points: list[str]) -> str:
    return question + " " + " ".join(points)


class Rivals:
    def __init__(self, tokenizer: Tokenizer, questions: list[tuple[str, list[str]]], cache: Path | None = None) -> None:
        """questions: the bank's (question, rubric points); cache: a directory to keep their vectors in."""
        self.tokenizer, self.questions, self.cache = tokenizer, [q for q, _ in questions], cache
        self._vectors: np.ndarray | None = None
        self._asked: dict[str, tuple[dict[str, float], list[int]]] = {}  # per asked question: its vector, rivals
        docs = [self._words(topic_text(q, points)) for q, points in questions]
        df = Counter(w for d in docs for w in set(d))
        self._idf = {w: math.log((len(docs) + 1) / (n + 0.5)) for w, n in df.items()}
        self._unseen = math.log((len(docs) + 1) / 0.5)
        self._docs = [self._vector(d) for d in docs]

    def _words(self, text: str, normalised: bool = False) -> list[str]:
        return content_token_list(self.tokenizer, text if normalised else matching_form(text))

    def _vector(self, words: list[str]) -> dict[str, float]:
        v = {w: (1 + math.log(n)) * self._idf.get(w, self._unseen) for w, n in Counter(words).items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {w: x / norm for w, x in v.items()}

    @staticmethod
    def _cos(a: dict[str, float], b: dict[str, float]) -> float:
        small, large = (a, b) if len(a) < len(b) else (b, a)
        return sum(x * large.get(w, 0.0) for w, x in small.items())

    def vectors(self, embedder: Embedder) -> np.ndarray:
        """The bank's question wordings embedded (about 14 s for 227 on 2 cores, so computed once and kept)."""
        if self._vectors is None:
            self._vectors = cached_queries(embedder, self.questions, self.cache, "rivals")
        return self._vectors

    def _asked_question(self, text: str) -> tuple[dict[str, float], list[int]]:
        if text not in self._asked:
            if len(self._asked) > 1024:
                self._asked.clear()
            own = self._vector(self._words(text))
            self._asked[text] = own, [i for i, d in enumerate(self._docs) if self._cos(own, d) < TWIN]
        return self._asked[text]

    def margins(self, question: str, points: list[str], answer: str, embedder: Embedder | None = None,
                embed_query: Callable[[str], np.ndarray] | None = None, said: str = "") -> tuple[float, float]:
        """(word margin, combined margin) of the asked question over its best rival; positive is on topic.
        `said`: the answer already in matching form, when the caller has it (normalising costs ~30 ms)."""
        own_vec, others = self._asked_question(topic_text(question, points))
        said_vec = self._vector(self._words(said, normalised=True) if said else self._words(answer))
        rivals = [(self._cos(said_vec, self._docs[i]), i) for i in others]
        if not rivals or not said_vec:
            return CLEAR, CLEAR
        rivals.sort(reverse=True)
        words = self._cos(said_vec, own_vec) - rivals[0][0]
        if words >= 0 or embedder is None or embed_query is None:
            return words, CLEAR
        opening = embedder.embed_passages([answer[:OPENING]])[0]
        bank = self.vectors(embedder)
        best = max(float(bank[i] @ opening) for _, i in rivals[:TOP])
        return words, float(embed_query(question) @ opening) - best + WORDS_SHARE * words
