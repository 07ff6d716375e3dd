"""The notes' common mistakes (常见误区), found from a question that describes one.

A candidate asks whether a practice is allowed in everyday words ("货在我们仓库，扣着不发抵账合法吗？"). The
practice is often one a note names as a mistake ("误区：对方不付款就可以扣货抵债｜正确：不得擅自扣货抵债，依法
行使留置权的除外"), and that note's 正确 is the rule to say first. The question's words rarely match the rule's
(抵账/抵债, 扣着/扣货), so the match is by meaning: the question against each 误区 wording, both embedded in
e5's query role, and kept only when the note is also among the passages retrieved for the question (two
independent signals agreeing). The 误区 wordings are embedded once and kept in the cache dir.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..providers.embeddings import cached_queries
from ..scoring.facts import note_pitfalls
from ..types import Hit

FLOOR = 0.92  # e5 cosine of the question to the 误区 wording (tuned on tutor_intents_dev*.jsonl, not the checks)
CLAUSE_FLOOR, CLAUSE_CHARS, MAX_CLAUSES = 0.895, 8, 3  # one clause of a longer message against a 误区 wording
_CLAUSES = re.compile(r"[，,。；;！!？?]|顺便|另外|还想|然后")


@dataclass(frozen=True)
class Pitfall:
    wrong: str
    right: str
    locator: str  # R:<slug>


class Pitfalls:
    def __init__(self, items: list[Pitfall], embedder, cache: Path | None = None) -> None:
        self.items, self.embedder, self.cache = items, embedder, cache
        self._vectors: np.ndarray | None = None

    @classmethod
    def from_notes(cls, notes, embedder, cache: Path | None = None) -> Pitfalls | None:
        """None without an embedder: words alone match too loosely to say a rule first."""
        if embedder is None:
            return None
        items = [Pitfall(w, r, f"R:{n.slug}") for n in notes for w, r in note_pitfalls(n.body)]
        return cls(items, embedder, cache)

    def vectors(self) -> np.ndarray:
        """The 误区 wordings embedded (about 7 s for 565 on 2 cores: done at ingest and kept)."""
        if self._vectors is None:
            self._vectors = cached_queries(self.embedder, [p.wrong for p in self.items], self.cache, "pitfalls")
        return self._vectors

    def find(self, question: str, hits: list[Hit]) -> Pitfall | None:
        """The mistake the question describes, if it is close in meaning and its note was retrieved too."""
        found = self.find_each(question, hits, limit=1, clauses=False)
        return found[0] if found else None

    def find_each(self, question: str, hits: list[Hit], limit: int = 2, clauses: bool = True) -> list[Pitfall]:
        """"想把发的货拉回来抵账，顺便在行业群里发一下说他欠钱不还": the whole question, then each clause on its own
        (a clause says one act, so its match is closer than the whole message's to either 误区). The question is
        embedded already (retrieval did it); each clause costs an embedding, so only the longest few are read."""
        if not self.items:
            return []
        parts = [c for c in _CLAUSES.split(question) if len(c) >= CLAUSE_CHARS] if clauses else []
        parts = sorted(parts, key=len, reverse=True)[:MAX_CLAUSES] if len(parts) >= 2 else []
        retrieved = {h.chunk.locator for h in hits if h.chunk.kind == "note"}
        found: list[Pitfall] = []
        for n, text in enumerate([question] + parts):
            sims = self.vectors() @ np.asarray(self.embedder.embed_queries([text])[0], dtype=np.float32)
            p = self._nearest(sims, retrieved, FLOOR if n == 0 else CLAUSE_FLOOR)
            if p is not None and p not in found:
                found.append(p)
                if len(found) == limit:  # no further clause needs embedding
                    break
        return found

    def _nearest(self, sims: np.ndarray, retrieved: set[str], floor: float) -> Pitfall | None:
        for i in np.argsort(-sims)[:5]:
            if sims[i] < floor:
                break
            if self.items[i].locator in retrieved:
                return self.items[i]
        return None

    @staticmethod
    def line(p: Pitfall) -> str:
        return f"{p.right.rstrip('。；')}〔{p.locator}〕。常见误区是以为“{p.wrong}”。"
