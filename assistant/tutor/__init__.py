"""Grounded tutor: answers only from retrieved passages, cites locators, declines what it must."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..config import TutorSettings
from ..levels import remove_level_mentions
from ..locators import shown_by, spoken_codes
from ..prompts import load_prompt, render
from ..providers.llm import ChatModel, LLMUnavailable
from ..retrieval import Retriever
from ..tokenize import Tokenizer
from ..types import Hit
from .attribution import attach, says_not_covered
from .compose import compared_clause, compose, content_tokens, support
from .direct import Direct, StandardFacts
from .figures import ASKING, asked_figures, figure_lines
from .followup import GENERIC_ASKS, contextualize
from .guard import Decline, Guard
from .intents import Intent, IntentReader
from .pitfalls import Pitfalls
from .scope import ScopeClassifier, asks_to_act

STRUCTURE = ("item_lookup", "comparison", "weights")  # the standard tree answers them
# A question describing a note's 常见误区 gets its 正确 first: whether something is allowed, and the exam's own
# rules ("做会计的，工作年限能算进去吗" is the mistake "会计工作经历不能计入年限").
PITFALL_INTENTS = ("legality", "exam_rules")
# Exam rules are study only when a rule is what is asked ("评委要几个人"): requests to cheat name them too
# ("答辩时让同事在外面听题…") but ask for no figure or form.
_ASKS_RULE = re.compile(r"几|多少|多久|多长|哪些|什么(形式|方式|条件|要求)|怎么(考|进行|评|组成)|是不是|对吧|对吗")

CITATION_RE = re.compile(r"〔([^〔〕]{1,80})〕")
NOT_COVERED = "资料未涉及：标准和参考资料里没有这方面的内容，我不做猜测。可以换个问法，或把相关资料加入资料库（assistant ingest 文件）。"
OUT_OF_SCOPE = ("这个问题超出了我能回答的范围：我只依据《信用管理师国家职业技能标准（2021年版）》和信用管理参考资料答疑。"
                "可以问我标准条目（如“技师3.3.1要求什么”）、概念和计算（如“DSO怎么算，举个例子”）、"
                "等级之间的区别、权重和鉴定要求。")
FLAT_REFUSAL_SUPPORT = 0.15  # below this share of matched content words nothing retrieved is on topic
LLM_PASSAGES, LLM_PASSAGE_CHARS = 4, 400  # what the model reads: the top passages, each trimmed


PITFALL_REACH = 2  # how many times k passages a described 常见误区's note may rank within
PAIR_HITS = 3  # passages searched for the clause naming two compared things


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
    intent: str = ""  # what the question asks for (prompts/intents.yaml), for evaluation per intent

    def to_json(self) -> dict:
        out = {"answer": self.answer, "citations": self.citations, "declined": self.declined, "reason": self.reason,
               "mode": self.mode}  # which path answered: the offline composer or the LLM
        if self.notice:
            out["notice"] = self.notice
        return out


class Tutor:
    def __init__(self, retriever: Retriever, tokenizer: Tokenizer, guard: Guard, chat: ChatModel | None,
                 prompts_dir: Path, options: TutorSettings, facts: StandardFacts | None = None,
                 intents: IntentReader | None = None, scope: ScopeClassifier | None = None,
                 pitfalls: Pitfalls | None = None, figures: list | tuple = ()) -> None:
        self.retriever, self.tokenizer, self.guard, self.chat = retriever, tokenizer, guard, chat
        self.scope = scope  # declines paraphrases of out-of-scope and dishonest requests the patterns miss
        self.prompts_dir, self.options = prompts_dir, options
        self.facts, self.intents = facts, intents
        self.pitfalls = pitfalls  # the notes' 常见误区: a question describing one gets its 正确 first
        self.figures = figures  # corpus/facts/numbers.yaml: the legal figure a question is about, said with it

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
        q = spoken_codes(self.retriever.validate(question))  # "五点一点五" (voice input) is item 5.1.5
        own_topic = bool(content_tokens(self.tokenizer, remove_level_mentions(q)) - GENERIC_ASKS)
        # The scope vote (an embedding) runs only if the patterns let the request through; a bare follow-up
        # ("举个例子呗") is judged with its topic, not on its own by the vote.
        vote = self.scope is not None and (own_topic or not history)
        if decline := self.guard.check(q) or (self._scope_check(q, history) if vote else None):
            final = self._declined(decline)
            yield final.answer
            yield final
            return
        query = contextualize(q, history or [], own_topic)
        own = q if own_topic and query != q else ""  # a follow-up that asks something of its own
        intent, direct, hits, share, missing = self._gather(query, level, own)
        if share == 0.0 and history and query == q:  # no word of its own in the material: read it as a follow-up
            query = f"{history[-1]} {q}"
            intent, direct, hits, share, missing = self._gather(query, level)
        # A practice told in everyday words shares few words with the material; a 常见误区 it describes (matched by
        # meaning, its note retrieved too) shows it is on topic all the same.
        pitfall = self._pitfall(query, hits, intent, direct) if share > 0.0 else None
        if share < FLAT_REFUSAL_SUPPORT and not direct.text() and not pitfall:
            scope = share == 0.0
            final = TutorAnswer(OUT_OF_SCOPE if scope else NOT_COVERED, [], declined=True,
                                reason="out_of_scope" if scope else "not_covered", query=query, intent=intent.kind)
            yield final.answer
            yield final
            return
        offline = self._offline(query, hits, intent, direct, pitfall)
        if share < self.options.min_support and missing and not direct.text() and not pitfall:
            # Say plainly what the material does not cover, then show only what it does.
            offline.answer = f"资料里没有直接讲到：{'、'.join(missing)}。以下是资料中最接近的内容：\n{offline.answer}"
        elif offline.answer.startswith("依据："):  # no sentence answers it: excerpts are not passed off as an answer
            offline.answer = f"资料里没有直接回答这个问题的一句话，以下是资料中最接近的内容：\n{offline.answer}"
        if not self.chat:
            yield offline.answer
            yield offline
            return
        yield from self._with_llm(q, query, history or [], hits, offline, intent, direct)

    def _scope_check(self, q: str, history: list[str] | None) -> Decline | None:
        """The vote on the question alone, and, in a conversation, with the question before it: "举个例子呗
        股权那种关系咋看" after "技师3.2.8讲的啥" is study, though alone it sounds like nothing in the material."""
        decline = self.scope.check(q)
        if decline and history:
            decline = self.scope.check(f"{history[-1]} {q}")
        return None if decline and self._about_the_standard(q) else decline

    def _about_the_standard(self, q: str) -> bool:
        """"技师技能考核里制度规范占20%…没问题吧" states a weight the standard contradicts, and "…律所对接几笔老欠款😂
        技师４．３．４那条是咋写的？" asks for an item: study questions whatever their neighbours in the vote (e5 put
        them next to requests to sit someone else's exam and to collect abusively), unless someone is asked to act."""
        if not (self.intents and self.facts):
            return False
        intent = self.intents.read(q)
        direct = self.facts.answer(intent, q)
        structure = intent.kind in STRUCTURE or intent.kind == "exam_rules" and _ASKS_RULE.search(q)
        return bool(direct.premise) or bool(direct.lines) and bool(structure) and not asks_to_act(q)

    def _gather(self, query: str, level: str | None, own: str = "") -> tuple[Intent, Direct, list[Hit], float, list[str]]:
        """What the question asks, what the structured standard answers, the passages (those the direct
        answer quotes first) and how much of the question they cover. `own`: the words of a follow-up that
        asks something of its own ("那多少分算过？" after 考试时间): when they alone get a direct answer of the
        same kind, it is the answer, not the carried topic's."""
        intent = self.intents.read(query) if self.intents else Intent("concept")
        direct = self.facts.answer(intent, query) if self.facts else Direct()
        if own and self.facts and self.intents and (mine := self.intents.read(own)).kind == intent.kind and \
                (answered := self.facts.answer(mine, own)).text():
            direct = answered
        anchors = [h for loc, lv in direct.locators if (h := self.retriever.lookup(loc, lv))]
        hits = _merge(anchors, self.retriever.search(query, k=self.options.k, level=level))
        if intent.kind == "comparison" and (clause := compared_clause(query)) and clause != query:
            hits = _merge(hits, self.retriever.search(clause, k=PAIR_HITS, level=level))  # in a long message
        share, missing = support(self.tokenizer, query, hits) if hits else (0.0, [])
        return intent, direct, hits, share, missing

    # -- offline --------------------------------------------------------------------------
    def _pitfall(self, query: str, hits: list[Hit], intent: Intent, direct: Direct) -> tuple[str, list[Hit]] | None:
        """A legality question that describes a note's 常见误区 (or two, one per act it asks about): that note's
        correct rule, to say first."""
        if not (intent.kind in PITFALL_INTENTS and self.pitfalls and (not direct.text() or intent.kind == "exam_rules")):
            return None
        # Everyday words ("老婆和员工") can leave the note just outside the top k: its second signal may come from
        # twice as many passages.
        acts = intent.kind == "legality"  # "…拉回来抵账，顺便在群里发一下…合法吗": one rule per act asked about
        found = self.pitfalls.find_each(query, hits, clauses=acts) or \
            self.pitfalls.find_each(query, self.retriever.search(query, k=PITFALL_REACH * self.options.k), clauses=False)
        said = [(p, hit) for p in found if (hit := self.retriever.lookup(p.locator, contains=p.wrong))]
        if said:
            return "\n".join(Pitfalls.line(p) for p, _ in said), [hit for _, hit in said]
        return None

    def _offline(self, query: str, hits: list[Hit], intent: Intent, direct: Direct,
                 pitfall: tuple[str, list[Hit]] | None = None) -> TutorAnswer:
        lead = ""
        if pitfall:
            lead, hits = pitfall[0], _merge(pitfall[1], hits)
        text, used = compose(self.tokenizer, query, hits, self.options.max_points, intent, direct.text(), lead)
        text, used = self._with_figures(query, hits, intent, direct, text, used)
        text = _drop_unresolved(text, used)
        return TutorAnswer(text, _citations(used), cited_hits=used, query=query, intent=intent.kind)

    def _with_figures(self, query: str, hits: list[Hit], intent: Intent, direct: Direct, text: str,
                      used: list[Hit]) -> tuple[str, list[Hit]]:
        """The legal figures the question is about, right after the first line (with their notes cited)."""
        if intent.kind not in ASKING or direct.text():
            return text, used
        figures = asked_figures(self.figures, query, hits)
        if not (lines := figure_lines(figures, text)):
            return text, used
        head, _, rest = text.partition("\n")
        notes = [h for f in figures if (h := self.retriever.lookup(f.locator, contains=str(int(f.values[0]))))]
        return "\n".join([head, *lines] + ([rest] if rest else [])), _merge(used, notes)

    def _declined(self, decline: Decline) -> TutorAnswer:
        rules = [h for loc in decline.rules if (h := self.retriever.lookup(loc))]
        ground = "".join(f"\n- 依据职业守则：{h.chunk.text}〔{h.chunk.locator}〕" for h in rules)
        text = f"抱歉，这个请求我不能帮忙。{decline.reason}{ground}"
        return TutorAnswer(text, _citations(rules), declined=True, reason=decline.category, cited_hits=rules)

    # -- LLM ------------------------------------------------------------------------------
    def _with_llm(self, question: str, query: str, history: list[str], hits: list[Hit],
                  offline: TutorAnswer, intent: Intent, direct: Direct) -> Iterator[str | TutorAnswer]:
        prompt = load_prompt(str(self.prompts_dir), "tutor")
        # A small model reads a short prompt faster and better: the top passages only, each trimmed.
        context = "\n\n".join(f"[{h.chunk.locator}] {h.chunk.title}\n{_trimmed(h.chunk.text)}"
                                for h in hits[:LLM_PASSAGES])
        checked = "\n".join([f"前提更正：{p}" for p in direct.premise] + direct.lines + direct.table) or "（无）"
        messages = [{"role": "system", "content": prompt["system"]},
                    {"role": "user", "content": render(prompt["user"], context=context, intent=intent.kind,
                                                       checked=checked, history="\n".join(history[-4:]) or "（无）",
                                                       question=question)}]
        parts: list[str] = []
        if direct.premise:  # the correction is said first whatever the model writes
            lead = "\n".join(direct.premise) + "\n"
            parts.append(lead)
            yield lead
        try:
            for chunk in self.chat.stream(messages):
                parts.append(chunk)
                yield chunk
        except LLMUnavailable as err:
            notice = "（离线回答）" if err.repeat else f"（提示：{err}，以下为离线回答。）"
            yield ("\n" if parts else "") + notice + "\n" + offline.answer
            yield TutorAnswer(offline.answer, offline.citations, notice=notice, cited_hits=offline.cited_hits,
                              query=query)
            return
        text = "".join(parts)
        chinese = _mostly_chinese(text)
        final = self._checked(text, hits, query) if chinese else None
        if final is None:
            notice = ("（提示：模型回答没有给出有效出处，已改用离线回答。）" if chinese
                      else "（提示：模型没有用中文回答，已改用离线回答。）")
            yield "\n" + notice + "\n" + offline.answer
            yield TutorAnswer(offline.answer, offline.citations, notice=notice, cited_hits=offline.cited_hits,
                              query=query)
            return
        if final.notice:
            yield "\n" + final.notice
        yield final

    def _checked(self, text: str, hits: list[Hit], query: str) -> TutorAnswer | None:
        """Keep only citations of retrieved passages (the rest are removed and named). Without any valid
        citation, the product attaches them where a retrieved passage supports a sentence (marked as attached);
        an honest "资料未涉及" is kept as it is. None when the answer is grounded in nothing retrieved."""
        cited = list(dict.fromkeys(CITATION_RE.findall(text)))
        valid = list({id(h): h for c in cited for h in hits if _covered_by(c, [h])}.values())
        invalid = [c for c in cited if not _covered_by(c, hits)]
        for c in invalid:
            text = text.replace(f"〔{c}〕", "")
        notices = [f"已删除不在检索结果中的出处：{'、'.join(invalid)}"] if invalid else []
        citations = _citations(valid)
        if not valid and not says_not_covered(text):  # "资料未涉及" is the honest reply the prompt asks for
            text, valid = attach(self.tokenizer, text, hits)
            if not valid:
                return None
            citations = [{**c, "attached": True} for c in _citations(valid)]
            notices.append("出处由系统按回答与资料的对应关系标注")
        notice = f"（提示：{'；'.join(notices)}）" if notices else ""
        return TutorAnswer(text, citations, notice=notice, mode="llm", cited_hits=valid, query=query)


def _trimmed(text: str, limit: int = LLM_PASSAGE_CHARS) -> str:
    """At most `limit` characters, cut after the last full sentence that fits."""
    if len(text) <= limit:
        return text
    cut = max(text.rfind(mark, 0, limit) for mark in "。；\n")
    return text[: cut + 1] if cut > limit // 2 else text[:limit] + "…"


def _mostly_chinese(text: str) -> bool:
    """Letters of the reply are mostly Chinese (locators, formulas and acronyms such as DSO are fine)."""
    body = CITATION_RE.sub("", text)
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in body)
    latin = sum(c.isascii() and c.isalpha() for c in body)
    return cjk >= 2 * latin


def _merge(first: list[Hit], rest: list[Hit]) -> list[Hit]:
    seen = {h.chunk.id for h in first}
    return first + [h for h in rest if h.chunk.id not in seen]


def _covered_by(locator: str, hits: list[Hit]) -> bool:
    """A cited locator is shown by a passage: its own, its work content's (3.3/3.3.1 → 3.3/3.3), or its
    parent section's (2.1.2.6 → 2.1.2)."""
    return any(shown_by(locator, h.chunk.locator) or locator.startswith(h.chunk.locator + ".") for h in hits)


def _drop_unresolved(text: str, hits: list[Hit]) -> str:
    return CITATION_RE.sub(lambda m: m.group(0) if _covered_by(m.group(1), hits) else "", text)


def _citations(hits: list[Hit]) -> list[dict]:
    seen, out = set(), []
    for h in hits:
        if h.chunk.locator not in seen:
            seen.add(h.chunk.locator)
            out.append({"locator": h.chunk.locator, "title": h.chunk.title})
    return out
