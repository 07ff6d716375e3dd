"""The defense as a state machine: 开场 → 候选人陈述 → 提问与追问 → 评议 → 结果, on an injected clock.

Every prompt and answer is saved to the store as it happens; a session is rebuilt from its turns to resume.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from ..providers.clock import Clock
from ..store import Store
from .personas import Reviewer
from .planner import Plan

MAX_FOLLOWUPS = 2
VAGUE_CHARS = 40  # answers shorter than this are "vague" and invite a follow-up
PERSONA_SHARE = 0.3  # share of a reviewer's mark that follows their own dimension weights
BANDS = ((90, "优秀"), (80, "良好"), (70, "中等"), (60, "及格"), (0, "不及格"))
WARNING_S = 300  # announce when five minutes are left
MIN_QUESTION_S = 45  # do not open a new question with less time than this before 评议 ...
MIN_QUESTION_SHARE = 0.1  # ...or than a tenth of a short practice session
CHARS_PER_MINUTE = 220  # speaking pace used to estimate the time a typed/scripted answer takes


def _duration(seconds: float) -> str:
    return f"{seconds / 60:.0f} 分钟" if seconds >= 90 else f"{seconds:.0f} 秒"


def speaking_seconds(text: str) -> float:
    return len(text.strip()) / CHARS_PER_MINUTE * 60


@dataclass(frozen=True)
class Prompt:
    kind: str  # statement | question | followup
    reviewer: Reviewer
    text: str
    item: int | None  # index into plan.items
    budget_s: float  # time left for this question (with its follow-ups) or the statement


class Session:
    def __init__(self, sid: str, plan: Plan, panel: list[Reviewer], clock: Clock, store: Store,
                 score: Callable, phrase: Callable[[str, Reviewer], str] | None = None) -> None:
        self.id, self.plan, self.panel, self.clock, self.store = sid, plan, panel, clock, store
        self.score = score  # (question, rubric [(point, weight)], answer) -> ScoreCard
        self.phrase = phrase  # optional LLM rewording of planned questions; the plan itself never changes
        self._phrased: dict[tuple, str] = {}
        self.limit_s = plan.minutes * 60
        self.turns: list[dict] = store.turns(sid)
        self._base = max((t["ended_s"] or t["started_s"] for t in self.turns), default=0.0)
        self._t0 = clock.now()
        self.ended = False
        self._warned = any(e["kind"] == "warning" for e in store.events(sid))  # the 5-minute notice, once
        self.ceremony_s = plan.ceremony_s
        self.min_question_s = min(MIN_QUESTION_S, self.limit_s * MIN_QUESTION_SHARE)
        if not self.turns:
            self._event("opening", f"开场：本次综合评审共 {plan.minutes} 分钟，评审组 {len(panel)} 人，百分制，60 分及格。")
            self._pass(self.ceremony_s)

    # -- clock ---------------------------------------------------------------------------
    def elapsed(self) -> float:
        return min(self.limit_s, self._base + self.clock.now() - self._t0)

    def remaining(self) -> float:
        return self.limit_s - self.elapsed()

    def _pass(self, seconds: float) -> float:
        """Let up to `seconds` pass, never beyond the hard stop; returns the time that passed."""
        allowed = max(0.0, min(seconds, self.limit_s - self.elapsed()))
        self.clock.advance(allowed)
        return allowed

    def _event(self, kind: str, text: str) -> None:
        self.store.add_event(self.id, self.elapsed(), kind, text)

    # -- flow ----------------------------------------------------------------------------
    def next_prompt(self) -> Prompt | None:
        if self.ended:
            return None
        if not any(t["kind"] == "statement" for t in self.turns):
            return Prompt("statement", self.panel[0], f"请用约 {_duration(self.plan.statement_s)}介绍你的工作经历、"
                          "主要业绩和技术总结（论文）的要点。", None, self.plan.statement_s)
        if self.remaining() <= WARNING_S and not self._warned:
            self._event("warning", "提示：距结束还有 5 分钟。")
            self._warned = True
        follow = self._followup()
        if follow:
            return follow
        nxt = self._next_item()
        if nxt is None or self.remaining() - self.ceremony_s < self.min_question_s:
            self.close()
            return None
        item = self.plan.items[nxt]
        return Prompt("question", item.reviewer, self._wording(("q", nxt), item.text, item.reviewer), nxt, item.seconds)

    def _wording(self, key: tuple, text: str, reviewer: Reviewer) -> str:
        """The reviewer's words for a planned question: LLM-phrased once when configured, else the opener."""
        if key not in self._phrased:
            self._phrased[key] = self.phrase(text, reviewer) if self.phrase else f"{reviewer.opener}{text}"
        return self._phrased[key]

    def submit(self, answer: str, seconds: float | None = None) -> dict:
        """Record the answer to the current prompt; `seconds` is its speaking time (estimated if None)."""
        prompt = self.next_prompt()
        if prompt is None:
            raise RuntimeError("session has ended")
        answer = (answer or "").strip()
        started = self.elapsed()
        cap = prompt.budget_s if prompt.kind == "statement" else self.remaining() - self.ceremony_s
        self._pass(min(seconds if seconds is not None else speaking_seconds(answer), max(0.0, cap)))
        turn = {"seq": len(self.turns), "kind": prompt.kind, "item": prompt.item, "reviewer": prompt.reviewer.name,
                "prompt": prompt.text, "answer": answer, "started_s": round(started, 1),
                "ended_s": round(self.elapsed(), 1)}
        if prompt.item is not None:
            item = self.plan.items[prompt.item]
            card = self.score(item.text, [(p.point, p.weight) for p in item.rubric],
                              self._item_answer(prompt.item) + "\n" + answer)
            detail = {"missing": card.missing, "dimensions": card.dimensions, "off_topic": card.off_topic,
                      "points": card.to_json()["points"]}
            turn.update(source="followup" if prompt.kind == "followup" else item.source, locator=item.locator,
                        score=card.score, detail_json=json.dumps(detail, ensure_ascii=False))
        else:
            turn.update(source="statement")
        self.store.save_turn(self.id, turn)
        self.turns.append(turn)
        return turn

    def _item_answer(self, index: int) -> str:
        return "\n".join(t["answer"] or "" for t in self.turns if t["item"] == index)

    def _next_item(self) -> int | None:
        asked = {t["item"] for t in self.turns if t["item"] is not None}
        return next((i for i in range(len(self.plan.items)) if i not in asked), None)

    def _followup(self) -> Prompt | None:
        """Ask again when the last answer missed rubric points or stayed vague, within the question's time."""
        last = self.turns[-1] if self.turns else None
        if not last or last["item"] is None:
            return None
        index = last["item"]
        item = self.plan.items[index]
        own = [t for t in self.turns if t["item"] == index]
        used = sum(t["ended_s"] - t["started_s"] for t in own)
        missing = json.loads(last["detail_json"] or "{}").get("missing", [])
        vague = len(self._item_answer(index)) < VAGUE_CHARS
        if len(own) > MAX_FOLLOWUPS or used >= item.seconds or (not missing and not vague) or last["score"] >= 80:
            return None
        if self.remaining() - self.ceremony_s < self.min_question_s:
            return None
        bank = item.question.followups if item.question else ()
        n = len(own) - 1
        asked = " ".join(t["prompt"] for t in own)
        fresh = [m for m in missing if m not in asked]  # never ask for the same missing point twice
        text = (bank[n] if n < len(bank) else f"你还没有谈到：{fresh[0]}。请补充。" if fresh
                else "请具体一些，举一个你做过的例子，说明数据和结果。")
        return Prompt("followup", item.reviewer, self._wording(("f", index, n), text, item.reviewer), index,
                      item.seconds - used)

    def close(self) -> None:
        self._event("deliberation", "评议：评审组各自独立打分。")
        self._pass(self.ceremony_s)
        self.ended = True

    # -- result --------------------------------------------------------------------------
    def reviewer_scores(self) -> dict[str, float]:
        """Each reviewer marks every planned question independently: the scorer's mark blended with the
        reviewer's own dimension weights (deterministic); unasked questions count 0; time-weighted."""
        last: dict[int, dict] = {}
        for t in self.turns:
            if t["item"] is not None:
                last[t["item"]] = t  # the last turn scores the whole answer with its follow-ups
        weights = [i.seconds for i in self.plan.items]
        out = {}
        for r in self.panel:
            marks = []
            for n in range(len(self.plan.items)):
                t = last.get(n)
                if t is None:
                    marks.append(0.0)
                    continue
                dims = json.loads(t["detail_json"] or "{}").get("dimensions") or {}
                own = sum(dims.get(d, t["score"]) * w for d, w in r.dimension_weights.items())
                marks.append((1 - PERSONA_SHARE) * t["score"] + PERSONA_SHARE * own)
            out[r.name] = round(sum(m * w for m, w in zip(marks, weights)) / (sum(weights) or 1), 1)
        return out

    def record(self) -> dict:
        """The session record (DESIGN.md §4 shape, plus unasked questions, band and the timeline)."""
        by_reviewer = self.reviewer_scores()
        total = round(sum(by_reviewer.values()) / len(by_reviewer), 1)
        questions = [{"reviewer": t["reviewer"], "locator": t["locator"], "source": t["source"], "text": t["prompt"],
                      "answer": t["answer"], "score": t["score"]} for t in self.turns if t["kind"] != "statement"]
        asked = {t["item"] for t in self.turns if t["item"] is not None}
        return {
            "id": self.id, "level": self.plan.level,
            "panel": [{"name": r.name, "role": r.role, "focus": list(r.focus)} for r in self.panel],
            "statement": next((t["answer"] for t in self.turns if t["kind"] == "statement"), ""),
            "questions": questions,
            "unasked": [{"locator": i.locator, "text": i.text} for n, i in enumerate(self.plan.items) if n not in asked],
            "scores": {"by_reviewer": by_reviewer},
            "total": total, "passed": total >= 60, "band": next(b for floor, b in BANDS if total >= floor),
            "elapsed_s": round(self.elapsed(), 1),
            "events": self.store.events(self.id),
        }
