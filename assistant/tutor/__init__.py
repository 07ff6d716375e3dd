"""Grounded tutor: answers only from retrieved passages, cites locators, declines what it must."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..config import TutorSettings
from ..prompts import load_prompt, render
from ..providers.llm import ChatModel, LLMUnavailable
from ..retrieval import Retriever
from ..tokenize import Tokenizer
from ..types import Hit
from .compose import compose, support
from .followup import contextualize
from .guard import Decline, Guard

CITATION_RE = re.compile(r"〔([^〔〕]{1,80})〕")
NOT_COVERED = "资料未涉及：标准和参考资料里没有这方面的内容，我不做猜测。可以换个问法，或把相关资料加入资料库（assistant ingest 文件）。"
FLAT_REFUSAL_SUPPORT = 0.15  # below this share of matched content words nothing retrieved is on topic


@dataclass
class TutorAnswer:
    answer: str
    citations: list[dict]  # [{"locator", "title"}] — only passages that were retrieved
    declined: bool = False
    reason: str = ""  # decline category or "not_covered"
    notice: str = ""  # e.g. the LLM fell back to the offline answer
    mode: str = "offline"  # offline | llm
    cited_hits: list[Hit] = field(default_factory=list)  # for evaluation (locators with their covers)
    query: str = ""  # the stand-alone question actually retrieved for

    def to_json(self) -> dict:
        out = {"answer": self.answer, "citations": self.citations, "declined": self.declined, "reason": self.reason}
        if self.notice:
            out["notice"] = self.notice
        return out


class Tutor:
    def __init__(self, retriever: Retriever, tokenizer: Tokenizer, guard: Guard, chat: ChatModel | None,
                 prompts_dir: Path, options: TutorSettings) -> None:
        self.retriever, self.tokenizer, self.guard, self.chat = retriever, tokenizer, guard, chat
        self.prompts_dir, self.options = prompts_dir, options

    # -- public ---------------------------------------------------------------------------
    def answer(self, question: str, history: list[str] | None = None, level: str | None = None) -> TutorAnswer:
        """One answer; `history` holds earlier (resolved) questions of this conversation."""
        result = None
        for part in self.stream(question, history, level):
            if isinstance(part, TutorAnswer):
                result = part
        assert result is not None
        return result

    def stream(self, question: str, history: list[str] | None = None,
               level: str | None = None) -> Iterator[str | TutorAnswer]:
        """Text chunks as they are ready, then the final TutorAnswer."""
        q = self.retriever.validate(question)
        if decline := self.guard.check(q):
            final = self._declined(decline)
            yield final.answer
            yield final
            return
        query = contextualize(q, history or [])
        hits = self.retriever.search(query, k=self.options.k, level=level)
        share, missing = support(self.tokenizer, query, hits) if hits else (0.0, [])
        if share < FLAT_REFUSAL_SUPPORT:
            final = TutorAnswer(NOT_COVERED, [], declined=True, reason="not_covered", query=query)
            yield final.answer
            yield final
            return
        offline = self._offline(query, hits)
        if share < self.options.min_support and missing:
            # Say plainly what the material does not cover, then show only what it does.
            offline.answer = f"资料里没有直接讲到：{'、'.join(missing)}。以下是资料中最接近的内容：\n{offline.answer}"
        if not self.chat:
            yield offline.answer
            yield offline
            return
        yield from self._with_llm(q, query, history or [], hits, offline)

    # -- offline --------------------------------------------------------------------------
    def _offline(self, query: str, hits: list[Hit]) -> TutorAnswer:
        text, used = compose(self.tokenizer, query, hits, self.options.max_points)
        return TutorAnswer(text, _citations(used), cited_hits=used, query=query)

    def _declined(self, decline: Decline) -> TutorAnswer:
        rules = [h for loc in decline.rules if (h := self.retriever.lookup(loc))]
        ground = "".join(f"\n- 依据职业守则：{h.chunk.text}〔{h.chunk.locator}〕" for h in rules)
        text = f"抱歉，这个请求我不能帮忙。{decline.reason}{ground}"
        return TutorAnswer(text, _citations(rules), declined=True, reason=decline.category, cited_hits=rules)

    # -- LLM ------------------------------------------------------------------------------
    def _with_llm(self, question: str, query: str, history: list[str], hits: list[Hit],
                  offline: TutorAnswer) -> Iterator[str | TutorAnswer]:
        prompt = load_prompt(str(self.prompts_dir), "tutor")
        context = "\n\n".join(f"[{h.chunk.locator}] {h.chunk.title}\n{h.chunk.text}" for h in hits)
        messages = [{"role": "system", "content": prompt["system"]},
                    {"role": "user", "content": render(prompt["user"], context=context,
                                                       history="\n".join(history[-4:]) or "（无）", question=question)}]
        parts: list[str] = []
        try:
            for chunk in self.chat.stream(messages):
                parts.append(chunk)
                yield chunk
        except LLMUnavailable as err:
            notice = f"（提示：{err}，以下为离线回答。）"
            yield ("\n" if parts else "") + notice + "\n" + offline.answer
            yield TutorAnswer(offline.answer, offline.citations, notice=notice, cited_hits=offline.cited_hits,
                              query=query)
            return
        final = self._checked(("".join(parts)), hits, query)
        if final is None:
            notice = "（提示：模型回答没有给出有效出处，已改用离线回答。）"
            yield "\n" + notice + "\n" + offline.answer
            yield TutorAnswer(offline.answer, offline.citations, notice=notice, cited_hits=offline.cited_hits,
                              query=query)
            return
        if final.notice:
            yield "\n" + final.notice
        yield final

    def _checked(self, text: str, hits: list[Hit], query: str) -> TutorAnswer | None:
        """Keep only citations of retrieved passages; flag the rest. None when nothing valid is cited."""
        by_loc = {h.chunk.locator: h for h in hits}
        cited = list(dict.fromkeys(CITATION_RE.findall(text)))
        valid = [by_loc[c] for c in cited if c in by_loc]
        invalid = [c for c in cited if c not in by_loc]
        if not valid:
            return None
        for c in invalid:
            text = text.replace(f"〔{c}〕", "")
        notice = f"（提示：已删除不在检索结果中的出处：{'、'.join(invalid)}）" if invalid else ""
        return TutorAnswer(text, _citations(valid), notice=notice, mode="llm", cited_hits=valid, query=query)


def _citations(hits: list[Hit]) -> list[dict]:
    seen, out = set(), []
    for h in hits:
        if h.chunk.locator not in seen:
            seen.add(h.chunk.locator)
            out.append({"locator": h.chunk.locator, "title": h.chunk.title})
    return out
