"""Hybrid search: dense (e5) and BM25 ranked lists fused by weighted reciprocal rank,
with a soft boost for the level a question names and hard filters by level and function."""

from __future__ import annotations

from collections import defaultdict

from .config import RetrievalSettings
from .errors import AssistantError
from .index import CorpusIndex
from .levels import mentioned_levels, resolve_level
from .locators import item_codes
from .standard.model import SECTION_BY_LEVEL
from .tokenize import normalise_text
from .types import Hit

FOCUS_SECTIONS = ("3.3", "3.4")  # an item code without a level word: 二级 and 一级 first


class Retriever:
    def __init__(self, index: CorpusIndex, options: RetrievalSettings, mode: str = "hybrid",
                 owner: str | None = "") -> None:
        self.index = index
        self.options = options
        self.mode = mode  # hybrid | dense | bm25 (the last two for evaluation)
        # Whose own documents may be found: that user's only ("" = the local user); None = nobody's.
        self.owner = owner

    def validate(self, query: str) -> str:
        q = (query or "").strip()
        if not q:
            raise AssistantError("查询内容为空，请输入要检索的问题。")
        if len(q) > self.options.max_query_chars:
            raise AssistantError(f"查询过长（{len(q)} 字），请控制在 {self.options.max_query_chars} 字以内。")
        return q

    def search(self, query: str, k: int = 5, level: str | None = None, function: str | None = None,
               kind: str | None = None) -> list[Hit]:
        """Top-k hits; `level`/`function`/`kind` (standard | note | user) are hard filters."""
        q = self.validate(query)
        if k < 1:
            raise AssistantError("返回条数 k 必须为正整数。")
        level = resolve_level(level)
        allowed = self._allowed(level, function, kind)
        scores = self._fuse(q, allowed)
        boost = mentioned_levels(q)
        if boost:
            for pos in scores:
                if boost & set(self.index.chunks[pos].levels):
                    scores[pos] *= 1.0 + self.options.level_boost
        self._pin_item_codes(q, scores, boost, allowed)
        best = self._diversify(sorted(scores.items(), key=lambda kv: -kv[1]), k)
        return [Hit(rank=r, score=s, chunk=self.index.chunks[p]) for r, (p, s) in enumerate(best, 1)]

    def _pin_item_codes(self, q: str, scores: dict[int, float], levels: set[str], allowed: set[int] | None) -> None:
        """An item code resolves exactly: its work content's passage goes first, for the level named, or
        for 二级 and 一级 (then the others) when no level is named."""
        codes = item_codes(normalise_text(q).replace(" ", ""))
        if not codes:
            return
        sections = [SECTION_BY_LEVEL[n] for n in levels] or list(FOCUS_SECTIONS) + ["3.2", "3.1"]
        wanted = [f"{sec}/{'.'.join(code.split('.')[:2])}" for code in codes for sec in sections]
        top = max(scores.values(), default=1.0)
        for rank, loc in enumerate(wanted):
            for pos, chunk in enumerate(self.index.chunks):
                if chunk.locator == loc and chunk.kind == "standard" and (allowed is None or pos in allowed):
                    scores[pos] = top * 2.0 - rank * 1e-6

    def _diversify(self, ranked: list[tuple[int, float]], k: int) -> list[tuple[int, float]]:
        """At most `max_per_locator` sections of one note or document part in the top k."""
        cap, seen, out = self.options.max_per_locator, defaultdict(int), []
        for pos, score in ranked:
            loc = self.index.chunks[pos].locator
            if cap and seen[loc] >= cap:
                continue
            seen[loc] += 1
            out.append((pos, score))
            if len(out) == k:
                break
        return out

    def lookup(self, locator: str, level: str | None = None, contains: str = "") -> Hit | None:
        """The chunk stored under exactly this locator (e.g. a 职业守则 rule), as a hit; `level` picks one
        level's copy of a per-level chunk (the weight tables 4.1 / 4.2); `contains`: of a note's several
        chunks, the one with this text (else its first)."""
        found = [c for c in self.index.chunks if not self._foreign(c) and c.locator == locator
                 and (not level or not c.levels or level in c.levels)]
        chunk = next((c for c in found if contains and contains in c.text), found[0] if found else None)
        return Hit(rank=1, score=1.0, chunk=chunk) if chunk else None

    def _foreign(self, chunk) -> bool:
        return chunk.kind == "user" and chunk.owner != self.owner

    def _allowed(self, level: str | None, function: str | None, kind: str | None = None) -> set[int] | None:
        foreign = any(self._foreign(c) for c in self.index.chunks)
        if not level and not function and not kind and not foreign:
            return None
        keep = set()
        for pos, c in enumerate(self.index.chunks):
            if self._foreign(c):
                continue
            if level and c.levels and level not in c.levels:
                continue
            if function and c.function != function:
                continue
            if kind and c.kind != kind:
                continue
            keep.add(pos)
        if function and not keep:
            raise AssistantError(f"未知职业功能：{function}")
        return keep

    def _fuse(self, q: str, allowed: set[int] | None) -> dict[int, float]:
        o = self.options
        n = o.candidates if allowed is None else len(self.index.chunks)
        lists = []
        if self.mode in ("hybrid", "dense"):
            lists.append((o.dense_weight, self.index.dense(q, n)))
        if self.mode in ("hybrid", "bm25") or not self.index.has_vectors:
            lists.append((o.bm25_weight, self.index.sparse(q, n)))
        scores: dict[int, float] = defaultdict(float)
        for weight, ranked in lists:
            ranked = [(p, s) for p, s in ranked if allowed is None or p in allowed][: o.candidates]
            if o.fusion == "score" and ranked:
                # Min-max within the list keeps each retriever's confidence, not just its order.
                top, low = ranked[0][1], ranked[-1][1]
                for pos, s in ranked:
                    scores[pos] += weight * ((s - low) / (top - low) if top > low else 1.0)
            else:
                for rank, (pos, _) in enumerate(ranked, 1):
                    scores[pos] += weight / (o.rrf_k + rank)
        return scores
