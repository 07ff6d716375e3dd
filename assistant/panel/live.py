"""Defense sessions driven by a front end (the web app): one live Session per id, on the real clock.

The UI shows a prompt together with its sequence number and sends it back with the answer, so a
double-clicked submit or a stale page can never answer the next question by mistake.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

from ..errors import AssistantError
from ..providers.clock import Clock, RealClock
from . import Panel
from .session import Session, speaking_seconds

MAX_ANSWER_CHARS = 6000  # about 25 minutes of speech; longer text is a paste accident


class LiveDefenses:
    def __init__(self, panel: Callable[[], Panel], clock: Callable[[], Clock] = RealClock) -> None:
        self._panel = panel  # lazy: the panel loads the bank and the index
        self._clock = clock
        self._sessions: dict[str, Session] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _lock(self, sid: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(sid, threading.Lock())

    def _session(self, sid: str) -> Session:
        if not sid or sid not in self._sessions:
            raise AssistantError("没有进行中的答辩：请先开始或续答一场。")
        return self._sessions[sid]

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self, level: str, minutes: int = 30, panel_size: int = 3, dossier: Path | None = None,
              questions: int | None = None, seed: int | None = None, use_llm: bool = True) -> dict:
        session = self._panel().start(level, self._clock(), minutes=minutes, panel_size=panel_size, seed=seed,
                                      dossier=dossier, questions=questions)
        if not use_llm:
            session.phrase = None
        self._sessions[session.id] = session
        return self.view(session.id)

    def resume(self, sid: str, use_llm: bool = True) -> dict:
        """Rebuild from the store (time while the page was closed does not count)."""
        with self._lock(sid):
            session = self._panel().resume(sid.strip(), self._clock())
            if not use_llm:
                session.phrase = None
            self._sessions[session.id] = session
        return self.view(session.id)

    def unfinished(self) -> list[dict]:
        store = self._panel().store
        return [{"id": r["id"], "level": r["level"], "date": r["created_at"]}
                for r in store.sessions() if r["status"] != "finished"]

    # -- the running session -----------------------------------------------------------------
    def view(self, sid: str) -> dict:
        """What the page shows: clock, current prompt (with its sequence number), past turns."""
        session = self._session(sid)
        with self._lock(sid):
            prompt = session.next_prompt()
            self._finish_if_over(session)
            return _view(session, prompt)

    def submit(self, sid: str, seq: int, answer: str, seconds: float | None = None) -> dict:
        """Answer the prompt shown as number `seq`. Returns the view plus `last` (the scored turn)."""
        session = self._session(sid)
        answer = (answer or "").strip()
        if not answer:
            raise AssistantError("回答是空的：请先录音、上传音频或输入文字再提交。")
        if len(answer) > MAX_ANSWER_CHARS:
            raise AssistantError(f"回答过长（{len(answer)} 字，上限 {MAX_ANSWER_CHARS} 字），请精简后再提交。")
        with self._lock(sid):
            if seq != len(session.turns):
                raise AssistantError("这道题已经提交过了（可能是重复点击），已显示下一题。")
            if session.next_prompt() is None:
                self._finish_if_over(session)
                raise AssistantError("时间已到，本场答辩已结束，这条回答没有计入。")
            turn = session.submit(answer, seconds)
            prompt = session.next_prompt()
            self._finish_if_over(session)
            out = _view(session, prompt)
        out["last"] = _turn_result(turn)
        return out

    def stop(self, sid: str) -> dict:
        """The candidate ends early: unasked questions count 0 in the result."""
        session = self._session(sid)
        with self._lock(sid):
            if not session.ended:
                session.close()
            self._finish_if_over(session)
            return _view(session, None)

    def record(self, sid: str) -> dict:
        return self._session(sid).record()

    def _finish_if_over(self, session: Session) -> None:
        if session.ended and (row := session.store.session(session.id)) and row["status"] != "finished":
            session.store.finish_session(session.id, session.record())


def _view(session: Session, prompt) -> dict:
    reviewers = {r.name: r for r in session.panel}
    turns = [{"seq": t["seq"], "kind": t["kind"], "reviewer": t["reviewer"], "prompt": t["prompt"],
              "answer": t["answer"], "score": t.get("score")} for t in session.turns]
    current = None
    if prompt is not None:
        current = {"seq": len(session.turns), "kind": prompt.kind, "reviewer": prompt.reviewer.name,
                   "role": reviewers[prompt.reviewer.name].role, "text": prompt.text,
                   "budget_s": round(prompt.budget_s, 1)}
    return {"id": session.id, "level": session.plan.level, "minutes": session.plan.minutes,
            "panel": [{"name": r.name, "role": r.role} for r in session.panel],
            "questions": len(session.plan.items), "elapsed_s": round(session.elapsed(), 1),
            "remaining_s": round(session.remaining(), 1), "ended": session.ended, "prompt": current,
            "turns": turns}


def _turn_result(turn: dict) -> dict:
    detail = json.loads(turn.get("detail_json") or "{}")
    return {"seq": turn["seq"], "kind": turn["kind"], "score": turn.get("score"), "missing": detail.get("missing", []),
            "off_topic": detail.get("off_topic", False), "chars": len(turn["answer"]),
            "spoken_s": round(turn["ended_s"] - turn["started_s"], 1),
            "estimated_s": round(speaking_seconds(turn["answer"]), 1)}
