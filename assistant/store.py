"""Candidate data, saved as it happens: sessions and their turns, quizzes, accounts, assignments, audit.

One set of numbered migrations for both backends (assistant/db.py): SQLite under the data dir by default,
PostgreSQL when ASSISTANT_DATABASE_URL is set. Every row a person owns carries `owner` (a user name; "" is
the single local user of the embedded default).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from .db import Database, open_database
from .records import ScoreDetail, Turn

MIGRATIONS = (
    # 1: defense sessions, their turns and timeline events
    """
    CREATE TABLE sessions (id TEXT PRIMARY KEY, level TEXT NOT NULL, created_at TEXT NOT NULL,
                           plan_json TEXT NOT NULL, status TEXT NOT NULL, result_json TEXT);
    CREATE TABLE turns (session_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, item INTEGER,
                        reviewer TEXT, source TEXT, locator TEXT, prompt TEXT NOT NULL, answer TEXT,
                        score REAL, started_s REAL NOT NULL, ended_s REAL, detail_json TEXT,
                        PRIMARY KEY (session_id, seq));
    CREATE TABLE events (session_id TEXT NOT NULL, at_s REAL NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL);
    """,
    # 2: quiz answers, for history and trends
    """
    CREATE TABLE quizzes (created_at TEXT NOT NULL, level TEXT NOT NULL, locator TEXT NOT NULL,
                          function TEXT NOT NULL, score REAL NOT NULL);
    """,
    # 3: a turn's status (answered | interrupted by the clock | skipped) and the measured speaking time
    """
    ALTER TABLE turns ADD COLUMN status TEXT NOT NULL DEFAULT 'answered';
    ALTER TABLE turns ADD COLUMN speech_s REAL;
    """,
    # 4: accounts and per-user ownership; examiners' assignments, their own marks, and the audit log
    """
    CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, hash TEXT NOT NULL,
                        active INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL);
    ALTER TABLE sessions ADD COLUMN owner TEXT NOT NULL DEFAULT '';
    ALTER TABLE quizzes ADD COLUMN owner TEXT NOT NULL DEFAULT '';
    CREATE INDEX sessions_owner ON sessions (owner);
    CREATE TABLE assignments (examiner TEXT NOT NULL, candidate TEXT NOT NULL, PRIMARY KEY (examiner, candidate));
    CREATE TABLE examiner_marks (session_id TEXT NOT NULL, seq INTEGER NOT NULL, examiner TEXT NOT NULL,
                                 marks_json TEXT NOT NULL, total REAL NOT NULL, at TEXT NOT NULL,
                                 PRIMARY KEY (session_id, seq, examiner));
    CREATE TABLE audit (at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, owner TEXT NOT NULL,
                        target TEXT NOT NULL);
    """,
)
TURN_COLUMNS = ("seq", "kind", "item", "reviewer", "source", "locator", "prompt", "answer", "score",
                "started_s", "ended_s", "status", "speech_s")


def _now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


class Store:
    def __init__(self, path: Path, url: str = "", db: Database | None = None) -> None:
        self.db = db or open_database(path, url)
        self.db.migrate(MIGRATIONS)

    @property
    def kind(self) -> str:
        return self.db.kind

    def _run(self, sql: str, args: tuple = ()) -> list:
        return self.db.run(sql, args)

    # -- sessions ------------------------------------------------------------------------
    def create_session(self, sid: str, level: str, plan: dict, owner: str = "") -> None:
        self._run("INSERT INTO sessions (id, level, created_at, plan_json, status, result_json, owner) "
                  "VALUES (?, ?, ?, ?, 'running', NULL, ?)",
                  (sid, level, _now(), json.dumps(plan, ensure_ascii=False), owner))

    def session(self, sid: str):
        rows = self._run("SELECT * FROM sessions WHERE id = ?", (sid,))
        return rows[0] if rows else None

    def sessions(self, owners: list[str] | None = None) -> list:
        """Newest first; only the given owners' sessions when `owners` is given."""
        if owners is None:
            return self._run("SELECT * FROM sessions ORDER BY created_at DESC, id")
        if not owners:
            return []
        marks = ", ".join("?" * len(owners))
        return self._run(f"SELECT * FROM sessions WHERE owner IN ({marks}) ORDER BY created_at DESC, id",
                         tuple(owners))

    def finish_session(self, sid: str, result: dict) -> None:
        self._run("UPDATE sessions SET status = 'finished', result_json = ? WHERE id = ?",
                  (json.dumps(result, ensure_ascii=False), sid))

    # -- turns ---------------------------------------------------------------------------
    def save_turn(self, sid: str, turn: Turn) -> None:
        """Insert or replace one turn; committed immediately (autocommit) so a crash loses nothing."""
        cols = (*TURN_COLUMNS, "detail_json")
        values = [getattr(turn, c) for c in TURN_COLUMNS] + [turn.detail.to_json() if turn.detail else None]
        updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c != "seq")
        self._run(f"INSERT INTO turns (session_id, {', '.join(cols)}) VALUES (?, {', '.join('?' * len(cols))}) "
                  f"ON CONFLICT (session_id, seq) DO UPDATE SET {updates}", (sid, *values))

    def turns(self, sid: str) -> list[Turn]:
        rows = self._run("SELECT * FROM turns WHERE session_id = ? ORDER BY seq", (sid,))
        return [Turn(**{c: r[c] for c in TURN_COLUMNS}, detail=ScoreDetail.from_json(r["detail_json"]))
                for r in rows]

    def add_quiz(self, level: str, locator: str, function: str, score: float, owner: str = "") -> None:
        self._run("INSERT INTO quizzes (created_at, level, locator, function, score, owner) VALUES (?, ?, ?, ?, ?, ?)",
                  (_now(), level, locator, function, score, owner))

    def quizzes(self, owner: str = "") -> list[dict]:
        rows = self._run("SELECT created_at, level, locator, function, score FROM quizzes WHERE owner = ? "
                         "ORDER BY created_at", (owner,))
        return [dict(r) for r in rows]

    def add_event(self, sid: str, at_s: float, kind: str, text: str) -> None:
        self._run("INSERT INTO events VALUES (?, ?, ?, ?)", (sid, at_s, kind, text))

    def events(self, sid: str) -> list[dict]:
        rows = self._run("SELECT at_s, kind, text FROM events WHERE session_id = ? ORDER BY at_s", (sid,))
        return [dict(r) for r in rows]

    # -- accounts (hashes only; assistant/accounts.py does the hashing) -----------------------------
    def add_user(self, name: str, role: str, hashed: str) -> None:
        self._run("INSERT INTO users (name, role, hash, active, created_at) VALUES (?, ?, ?, 1, ?)",
                  (name, role, hashed, _now()))

    def user(self, name: str):
        rows = self._run("SELECT * FROM users WHERE name = ?", (name,))
        return rows[0] if rows else None

    def users(self) -> list[dict]:
        return [dict(r) for r in self._run("SELECT name, role, active, created_at FROM users ORDER BY name")]

    def update_user(self, name: str, **fields) -> None:
        sets = ", ".join(f"{k} = ?" for k in fields)
        self._run(f"UPDATE users SET {sets} WHERE name = ?", (*fields.values(), name))

    def assign(self, examiner: str, candidate: str) -> None:
        self._run("INSERT INTO assignments (examiner, candidate) VALUES (?, ?) ON CONFLICT DO NOTHING",
                  (examiner, candidate))

    def assigned(self, examiner: str) -> list[str]:
        rows = self._run("SELECT candidate FROM assignments WHERE examiner = ? ORDER BY candidate", (examiner,))
        return [r["candidate"] for r in rows]

    def examiners_of(self, candidate: str) -> list[str]:
        rows = self._run("SELECT examiner FROM assignments WHERE candidate = ? ORDER BY examiner", (candidate,))
        return [r["examiner"] for r in rows]

    # -- examiners' own marks and the audit log --------------------------------------------------
    def save_marks(self, sid: str, seq: int, examiner: str, marks: list[float], total: float) -> None:
        self._run("INSERT INTO examiner_marks (session_id, seq, examiner, marks_json, total, at) "
                  "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, seq, examiner) DO UPDATE SET "
                  "marks_json = excluded.marks_json, total = excluded.total, at = excluded.at",
                  (sid, seq, examiner, json.dumps(marks), total, _now()))

    def marks(self, sid: str) -> list[dict]:
        rows = self._run("SELECT seq, examiner, marks_json, total FROM examiner_marks WHERE session_id = ? "
                         "ORDER BY seq, examiner", (sid,))
        return [{"seq": r["seq"], "examiner": r["examiner"], "marks": json.loads(r["marks_json"]),
                 "total": r["total"]} for r in rows]

    def marked_sessions(self) -> set[str]:
        """Ids of the sessions some examiner has marked."""
        return {r["session_id"] for r in self._run("SELECT DISTINCT session_id FROM examiner_marks")}

    def audit(self, actor: str, action: str, owner: str, target: str) -> None:
        t = time.time()  # with microseconds: the log keeps its order within a second
        at = f"{time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(t))}.{int(t * 1e6) % 1_000_000:06d}"
        self._run("INSERT INTO audit (at, actor, action, owner, target) VALUES (?, ?, ?, ?, ?)",
                  (at, actor, action, owner, target))

    def audit_log(self, limit: int = 500) -> list[dict]:
        rows = self._run("SELECT at, actor, action, owner, target FROM audit ORDER BY at DESC LIMIT ?", (limit,))
        return [dict(r) for r in rows]
