"""The defense as a state machine: 开场 → 候选人陈述 → 提问与追问 → 评议, on an injected clock.

Every answer is saved to the store as it happens; a session is rebuilt from its turns to resume. Building a
Session writes nothing: the opening is written by `open()` when a new session starts. Results (reviewers'
marks, totals) are computed from the finished turns by `marks.py`, not here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..providers.clock import Clock
from ..records import ANSWERED, INTERRUPTED, SKIPPED, ScoreDetail, Turn
from ..store import Store
from .personas import Reviewer
from .planner import Plan
from .wording import duration_text, followup_text

MAX_FOLLOWUPS = 2
VAGUE_CHARS = 40  # answers shorter than this are "vague" and invite a follow-up
WARNING_S = 300  # announce when five minutes are left
MIN_QUESTION_S = 45  # do not open a new question with less time than this before 评议 ...
MIN_QUESTION_SHARE = 0.1  # ...or than a tenth of a short practice session
FOLLOWUP_S = 45  # a follow-up needs this much of the question's time left...
UNASKED_RESERVE = 0.75  # ...and must leave this share of the unasked questions' planned time
CHARS_PER_MINUTE = 220  # speaking pace used to estimate the time a typed/scripted answer takes


def speaking_seconds(text: str) -> float:
    return len(text.strip()) / CHARS_PER_MINUTE * 60


@dataclass(frozen=True)
class Prompt:
    seq: int  # the turn number this prompt's answer will get
    kind: str  # statement | question | followup
    reviewer: Reviewer
    text: str
    item: int | None  # index into plan.items
    budget_s: float  # time left for this question (with its follow-ups) or the statement


class Session:
    def __init__(self, sid: str, plan: Plan, panel: list[Reviewer], clock: Clock, store: Store,
                 score: Callable, phrase: Callable[[str, Reviewer], str] | None = None,
                 finished: bool = False) -> None:
        self.id, self.plan, self.panel, self.clock, self.store = sid, plan, panel, clock, store
        self.score = score  # (question, rubric [(point, weight)], answer, spoken=) -> ScoreCard (Scorer.score)
        self.phrase = phrase  # optional LLM rewording of planned questions; the plan itself never changes
        self._phrased: dict[tuple, str] = {}
        self.limit_s = plan.minutes * 60
        self.turns: list[Turn] = store.turns(sid)
        self._base = max((t.ended_s or t.started_s for t in self.turns), default=0.0)
        self._t0 = clock.now()
        self._shown: dict[int, float] = {}  # seq -> session time the prompt was first put
        self._screen: Prompt | None = None  # the prompt last put to the candidate
        self._warned = False  # the 5-minute notice, written once (checked against the store on resume)
        self.ended = finished
        self.ceremony_s = plan.ceremony_s
        self.min_question_s = min(MIN_QUESTION_S, self.limit_s * MIN_QUESTION_SHARE)

    def open(self) -> None:
        """A new session: the chair opens it (once, written to the timeline)."""
        self._event("opening", f"开场：本次综合评审共 {self.plan.minutes} 分钟，评审组 {len(self.panel)} 人，"
                    "百分制，60 分及格。")
        self._pass(self.ceremony_s)

    # -- clock ---------------------------------------------------------------------------
    def elapsed(self) -> float:
        return min(self.limit_s, self._base + self.clock.now() - self._t0)

    def remaining(self) -> float:
        return self.limit_s - self.elapsed()

    def answer_time_left(self) -> float:
        """Time left for answering: the deliberation keeps its minute at the end."""
        return self.remaining() - self.ceremony_s

    def time_is_up(self) -> bool:
        return not self.ended and self.answer_time_left() <= 0

    def _pass(self, seconds: float) -> float:
        """Let up to `seconds` pass, never beyond the hard stop; returns the time that passed."""
        allowed = max(0.0, min(seconds, self.limit_s - self.elapsed()))
        self.clock.advance(allowed)
        return allowed

    def _event(self, kind: str, text: str) -> None:
        self.store.add_event(self.id, self.elapsed(), kind, text)

    # -- flow ----------------------------------------------------------------------------
    def current(self) -> Prompt | None:
        """The prompt now put to the candidate (None once the session has ended or no question fits)."""
        if self.ended:
            return None
        self._warn_once()
        if (shown := self._on_screen()) is not None:  # a prompt stays put until answered or the time is up
            return shown
        prompt = self._upcoming()
        if prompt is None:
            self.close()
            return None
        self._shown.setdefault(prompt.seq, self.elapsed())
        self._screen = prompt
        return prompt

    def _warn_once(self) -> None:
        if self.remaining() <= WARNING_S and not self._warned:
            self._warned = any(e["kind"] == "warning" for e in self.store.events(self.id))
            if not self._warned:
                self._event("warning", "提示：距结束还有 5 分钟。")
                self._warned = True

    def _on_screen(self) -> Prompt | None:
        """The prompt the candidate is looking at, if it is still unanswered."""
        return self._screen if self._screen and self._screen.seq == len(self.turns) else None

    def _upcoming(self) -> Prompt | None:
        seq = len(self.turns)
        if not any(t.kind == "statement" for t in self.turns):
            text = (f"请用约 {duration_text(self.plan.statement_s)}介绍你的工作经历、主要业绩和技术总结（论文）的要点。")
            return Prompt(seq, "statement", self.panel[0], text, None, self.plan.statement_s)
        follow = self._followup(seq)
        if follow:
            return follow
        nxt = self._next_item()
        if nxt is None or self.answer_time_left() < self.min_question_s:
            return None
        item = self.plan.items[nxt]
        text = self._wording(("q", nxt), item.text, item.reviewer)
        return Prompt(seq, "question", item.reviewer, text, nxt, min(item.seconds, self.answer_time_left()))

    def _wording(self, key: tuple, text: str, reviewer: Reviewer) -> str:
        """The reviewer's words for a planned question: LLM-phrased once when configured, else the opener."""
        if key not in self._phrased:
            self._phrased[key] = self.phrase(text, reviewer) if self.phrase else f"{reviewer.opener}{text}"
        return self._phrased[key]

    def submit(self, answer: str, seconds: float | None = None, speech_s: float | None = None) -> Turn:
        """Record the answer to the current prompt. `seconds` is how long it takes to say (estimated from the
        text if None); on the fake clock that time passes here. An answer that runs past the time is cut
        where the clock stopped it and kept as interrupted."""
        prompt = self.current()
        if prompt is None:
            raise RuntimeError("session has ended")
        answer = (answer or "").strip()
        status = INTERRUPTED if self.time_is_up() else ANSWERED
        need = speech_s or (seconds if seconds is not None else speaking_seconds(answer))
        cap = prompt.budget_s if prompt.kind == "statement" else self.answer_time_left()
        if status == ANSWERED and prompt.kind != "statement" and need > cap + 1:
            status, answer = INTERRUPTED, answer[:max(0, round(len(answer) * cap / need))]
        self._pass(min(need, max(0.0, cap)))
        return self._save(prompt, answer, status, speech_s)

    def skip(self) -> Turn | None:
        """The candidate passes on the prompt on screen: a question counts 0; a follow-up adds nothing."""
        prompt = self.current()
        return self._save(prompt, "", SKIPPED) if prompt else None

    def interrupt(self, draft: str = "") -> None:
        """Time is up while a prompt is on screen: keep what was said so far (scored on it), then close."""
        prompt = None if self.ended else self._on_screen()
        if prompt is not None:
            self._save(prompt, (draft or "").strip(), INTERRUPTED)
        if not self.ended:
            self.close()

    def stop(self) -> None:
        """The candidate ends early: the prompt on screen is left unanswered, then the panel deliberates."""
        prompt = None if self.ended else self._on_screen()
        if prompt is not None:
            self._save(prompt, "", SKIPPED)
        if not self.ended:
            self.close()

    def _save(self, prompt: Prompt, answer: str, status: str, speech_s: float | None = None) -> Turn:
        started = self._shown.get(prompt.seq, self.elapsed())
        turn = Turn(prompt.seq, prompt.kind, prompt.item, prompt.reviewer.name, prompt.text, answer,
                    round(started, 1), round(self.elapsed(), 1), status, "statement", "", None, None,
                    None if speech_s is None else round(speech_s, 1))
        if prompt.item is not None:
            item = self.plan.items[prompt.item]
            turn.source, turn.locator = "followup" if prompt.kind == "followup" else item.source, item.locator
            whole = self._item_answer(prompt.item) + "\n" + answer
            if answer or prompt.kind == "question":  # a silent follow-up leaves the question's score as it was
                spoken = speech_s is not None or any(t.speech_s is not None for t in self.turns if t.item == prompt.item)
                card = self.score(item.text, [(p.point, p.weight) for p in item.rubric], whole, spoken=spoken)
                turn.score, turn.detail = card.score, ScoreDetail.of(card)
        self.store.save_turn(self.id, turn)
        self.turns.append(turn)
        return turn

    def _item_answer(self, index: int) -> str:
        return "\n".join(t.answer or "" for t in self.turns if t.item == index)

    def _next_item(self) -> int | None:
        asked = {t.item for t in self.turns if t.item is not None}
        return next((i for i in range(len(self.plan.items)) if i not in asked), None)

    def _unasked_reserve(self) -> float:
        asked = {t.item for t in self.turns if t.item is not None}
        return UNASKED_RESERVE * sum(i.seconds for n, i in enumerate(self.plan.items) if n not in asked)

    def _followup(self, seq: int) -> Prompt | None:
        """Ask again when the last answer missed rubric points or stayed vague, within the question's time
        and never at the cost of reaching the planned questions."""
        last = self.turns[-1] if self.turns else None
        if not last or last.item is None or last.status != ANSWERED or last.score is None:
            return None
        index = last.item
        item = self.plan.items[index]
        own = [t for t in self.turns if t.item == index]
        left = item.seconds - sum(t.span_s for t in own)
        missing = last.detail.missing if last.detail else []
        vague = len(self._item_answer(index)) < VAGUE_CHARS
        if len(own) > MAX_FOLLOWUPS or (not missing and not vague) or last.score >= 80:
            return None
        if left < FOLLOWUP_S or self.answer_time_left() - FOLLOWUP_S < max(self.min_question_s, self._unasked_reserve()):
            return None
        n = len(own) - 1
        kind = item.question.kind if item.question else "实务"
        bank = item.question.followups if item.question else ()
        asked = [t.prompt for t in own]
        text = followup_text(kind, bank, n, missing, asked, item.source == "dossier")
        return Prompt(seq, "followup", item.reviewer, text, index, left)

    def close(self) -> None:
        self._event("deliberation", "评议：评审组各自独立打分。")
        self._pass(self.ceremony_s)
        self.ended = True
