"""The one defense service: start, prompt, submit, skip, time-up, stop, resume, finish and report, for the CLI
and the web app alike. One live Session per id; the finished record is saved once and every report renders
from it. Reads (view of a finished session, record, report) never write.

Every call names the acting user (accounts.Actor): only a session's owner may answer it; its record and report
are also readable by the owner's assigned examiners and by admins (each such read is audited). Someone else's
id gets the same "not found" as an id that does not exist.

The page shows a prompt with its sequence number and sends it back with the answer, so a double-clicked submit
or a stale page can never answer the next question by mistake.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

from ..accounts import LOCAL, Accounts, Actor
from ..errors import AssistantError
from ..providers.clock import Clock, FakeClock, RealClock
from ..records import Turn
from . import Panel
from .result import build_record
from .session import Session, speaking_seconds

MAX_ANSWER_CHARS = 6000  # about 25 minutes of speech; longer text is a paste accident


class Defenses:
    def __init__(self, panel: Callable[[], Panel], dossier_weight: float = 0.3,
                 clock: Callable[[], Clock] = RealClock, accounts: Callable[[], Accounts] | None = None) -> None:
        self._panel = panel  # lazy: the panel loads the bank and the index
        self._clock = clock
        self._accounts = accounts  # who may read whose record; None = owners only
        self.dossier_weight = dossier_weight
        self._sessions: dict[str, Session] = {}
        self._owners: dict[str, str] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _lock(self, sid: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(sid, threading.Lock())

    def _live(self, sid: str, actor: Actor = LOCAL) -> Session:
        if not sid or sid not in self._sessions or self._owners.get(sid) != actor.name:
            raise AssistantError("没有进行中的答辩：请先开始或续答一场。")
        return self._sessions[sid]

    def _readable(self, sid: str, actor: Actor, action: str = "read"):
        """The stored row of a session `actor` may read; reads of another person's record are audited."""
        row = self._panel().store.session((sid or "").strip())
        owner = row["owner"] if row is not None else None
        allowed = owner is not None and (owner == actor.name or (
            self._accounts is not None and self._accounts().may_read(actor, owner)))
        if not allowed:
            raise AssistantError(f"找不到答辩记录：{sid}")
        if owner != actor.name:
            self._panel().store.audit(actor.name, action, owner, row["id"])
        return row

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self, level: str, minutes: int = 30, panel_size: int = 3, dossier: Path | None = None,
              questions: int | None = None, seed: int | None = None, use_llm: bool = True,
              clock: Clock | None = None, actor: Actor = LOCAL) -> dict:
        session = self._panel().start(level, clock or self._clock(), minutes=minutes, panel_size=panel_size,
                                      seed=seed, dossier=dossier, questions=questions, owner=actor.name)
        if not use_llm:
            session.phrase = None
        session.open()
        self._sessions[session.id] = session
        self._owners[session.id] = actor.name
        return self.view(session.id, actor=actor)

    def resume(self, sid: str, use_llm: bool = True, clock: Clock | None = None, actor: Actor = LOCAL) -> dict:
        """Rebuild from the store (time while the page was closed does not count)."""
        sid = (sid or "").strip()
        row = self._panel().store.session(sid)
        if row is None or row["owner"] != actor.name:
            raise AssistantError(f"找不到答辩记录：{sid}")
        with self._lock(sid):
            session = self._panel().resume(sid, clock or self._clock())
            if session.ended:
                raise AssistantError(f"场次 {sid} 已经结束，可直接查看报告。")
            if not use_llm:
                session.phrase = None
            self._sessions[sid] = session
            self._owners[sid] = actor.name
        return self.view(sid, actor=actor)

    def unfinished(self, actor: Actor = LOCAL) -> list[dict]:
        store = self._panel().store
        return [{"id": r["id"], "level": r["level"], "date": r["created_at"]}
                for r in store.sessions([actor.name]) if r["status"] != "finished"]

    # -- the running session -----------------------------------------------------------------
    def view(self, sid: str, draft: str = "", actor: Actor = LOCAL) -> dict:
        """What the page shows: clock, current prompt (with its sequence number), past turns. When the time
        is up, the prompt on screen is closed with `draft` (what the candidate has typed or said so far)."""
        session = self._live(sid, actor)
        with self._lock(sid):
            if session.time_is_up():
                session.interrupt(draft)
            prompt = session.current()
            self._finish_if_over(session)
            return _view(session, prompt)

    def submit(self, sid: str, seq: int, answer: str, seconds: float | None = None,
               speech_s: float | None = None, actor: Actor = LOCAL) -> dict:
        """Answer the prompt shown as number `seq`. Returns the view plus `last` (the scored turn). An answer
        sent after the time ran out is kept as interrupted (it is what was said when the clock stopped)."""
        session = self._live(sid, actor)
        answer = (answer or "").strip()
        if not answer:
            raise AssistantError("回答是空的：请先录音、上传音频或输入文字再提交；不想答可点“跳过本题”。")
        if len(answer) > MAX_ANSWER_CHARS:
            raise AssistantError(f"回答过长（{len(answer)} 字，上限 {MAX_ANSWER_CHARS} 字），请精简后再提交。")
        with self._lock(sid):
            self._check_seq(session, seq)
            if session.time_is_up():
                session.interrupt(answer)
                turn = session.turns[-1] if session.turns and session.turns[-1].seq == seq else None
            else:
                turn = session.submit(answer, seconds, speech_s)
            prompt = session.current()
            self._finish_if_over(session)
            out = _view(session, prompt)
        out["last"] = _turn_result(turn) if turn else None
        return out

    def skip(self, sid: str, seq: int, actor: Actor = LOCAL) -> dict:
        """Pass on the prompt shown as number `seq`: a question counts 0, a follow-up adds nothing."""
        session = self._live(sid, actor)
        with self._lock(sid):
            self._check_seq(session, seq)
            session.skip()
            prompt = session.current()
            self._finish_if_over(session)
            return _view(session, prompt)

    def stop(self, sid: str, actor: Actor = LOCAL) -> dict:
        """The candidate ends now: the prompt on screen counts as unanswered; unreached questions are listed,
        not counted."""
        session = self._live(sid, actor)
        with self._lock(sid):
            if not session.ended:
                session.stop()
            self._finish_if_over(session)
            return _view(session, None)

    def _check_seq(self, session: Session, seq: int) -> None:
        if session.ended:
            raise AssistantError("时间已到，本场答辩已结束；时间到时屏幕上的回答已按当时内容记录。")
        if seq != len(session.turns):
            raise AssistantError("这道题已经提交过了（可能是重复点击），已显示下一题。")

    def _finish_if_over(self, session: Session) -> None:
        """Save the finished record once; reports render from it."""
        if session.ended and (row := session.store.session(session.id)) and row["status"] != "finished":
            session.store.finish_session(session.id, build_record(session, self.dossier_weight, row["created_at"]))

    def speech_context(self, sid: str, actor: Actor = LOCAL) -> tuple[str, str, float | None]:
        """For transcribing an answer to the prompt on screen: (question, question with its rubric, time left)."""
        session = self._live(sid, actor)
        with self._lock(sid):
            prompt = session.current()
        if prompt is None:
            return "", "", None
        item = session.plan.items[prompt.item] if prompt.item is not None else None
        rubric = "；".join(p.point for p in item.rubric) if item else ""
        return prompt.text, f"{prompt.text}\n{rubric}", prompt.budget_s

    # -- scripted runs (CLI) -------------------------------------------------------------------
    def run_script(self, sid: str, answers: list[dict], answer_of: Callable[[dict, str], tuple[str, float | None]],
                   actor: Actor = LOCAL) -> dict:
        """Feed scripted answers in order ({"text"}, {"audio"} or {"skip": true}); when the script ends
        before the session does, the candidate ends it (结束答辩)."""
        for line in answers:
            view = self.view(sid, actor=actor)
            if view["ended"]:
                break
            prompt = view["prompt"]
            if line.get("skip"):
                self.skip(sid, prompt["seq"], actor=actor)
                continue
            text, seconds = answer_of(line, prompt["text"])
            if text.strip():
                self.submit(sid, prompt["seq"], text, seconds, seconds if line.get("audio") else None, actor=actor)
            else:
                self.skip(sid, prompt["seq"], actor=actor)
        return self.stop(sid, actor=actor)

    # -- reads -------------------------------------------------------------------------------------
    def finished(self, actor: Actor = LOCAL) -> list[dict]:
        """The actor's finished sessions, oldest first, summarised for the history tab."""
        out = []
        for row in reversed(self._panel().store.sessions([actor.name])):
            if row["status"] != "finished" or not row["result_json"]:
                continue
            rec = json.loads(row["result_json"])
            if "items" not in rec:  # a record saved before the current shape: rebuilt, read-only
                rec = self.record(row["id"], actor)
            out.append({"id": row["id"], "date": row["created_at"], "level": row["level"],
                        "practice": rec["practice"], "minutes": rec["minutes"], "total": rec["total"],
                        "passed": rec["passed"], "defense": rec["scores"]["defense"], "dossier": rec["scores"]["dossier"],
                        "functions": {f["function"]: f["score"] for f in rec["functions"] if f["score"] is not None}})
        return out

    def record(self, sid: str, actor: Actor = LOCAL, action: str = "read") -> dict:
        """The finished session's saved record; for an unfinished one, its progress so far (nothing saved
        but the audit line when someone other than the owner reads it)."""
        row = self._readable(sid, actor, action)
        if row["status"] == "finished" and row["result_json"]:
            record = json.loads(row["result_json"])
            if "items" in record:
                return record
        session = self._panel().resume(row["id"], FakeClock())  # a read-only rebuild: nothing is written
        return build_record(session, self.dossier_weight, row["created_at"])

    def report(self, sid: str, fmt: str = "md", actor: Actor = LOCAL, action: str = "read") -> str:
        """`action` names the read in the audit log when someone other than the owner reads it (read | export)."""
        from ..report import html_page, markdown

        if fmt not in ("md", "html"):
            raise AssistantError(f"报告格式只能是 md 或 html，收到：{fmt}")
        record = self.record(sid, actor, action)
        return html_page(record) if fmt == "html" else markdown(record)


def _view(session: Session, prompt) -> dict:
    reviewers = {r.name: r for r in session.panel}
    turns = [{"seq": t.seq, "kind": t.kind, "reviewer": t.reviewer, "prompt": t.prompt, "answer": t.answer,
              "score": t.score, "status": t.status} for t in session.turns]
    current = None
    if prompt is not None:
        current = {"seq": prompt.seq, "kind": prompt.kind, "reviewer": prompt.reviewer.name,
                   "role": reviewers[prompt.reviewer.name].role, "text": prompt.text,
                   "budget_s": round(prompt.budget_s, 1)}
    asked = {t.item for t in session.turns if t.item is not None}
    return {"id": session.id, "level": session.plan.level, "minutes": session.plan.minutes,
            "practice": session.plan.practice, "panel": [{"name": r.name, "role": r.role} for r in session.panel],
            "questions": len(session.plan.items), "asked": len(asked), "elapsed_s": round(session.elapsed(), 1),
            "remaining_s": round(session.remaining(), 1), "ended": session.ended, "prompt": current,
            "turns": turns}


def _turn_result(turn: Turn) -> dict:
    detail = turn.detail
    return {"seq": turn.seq, "kind": turn.kind, "score": turn.score, "status": turn.status,
            "missing": detail.missing if detail else [], "off_topic": detail.off_topic if detail else False,
            "chars": len(turn.answer), "speech_s": turn.speech_s,
            "estimated_s": round(speaking_seconds(turn.answer), 1)}
