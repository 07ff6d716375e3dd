"""SQLite (WAL) under the data dir: sessions and their turns, saved as they happen. Numbered migrations."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

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
)
TURN_COLUMNS = ("seq", "kind", "item", "reviewer", "source", "locator", "prompt", "answer", "score",
                "started_s", "ended_s", "status", "speech_s")


class Store:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # One connection shared by the web app's worker threads; the lock serialises statements on it.
        self._lock = threading.RLock()
        self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    def _run(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self.db.execute(sql, args).fetchall()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        for n, script in enumerate(MIGRATIONS[version:], start=version + 1):
            self.db.executescript(f"BEGIN; {script}; PRAGMA user_version = {n}; COMMIT;")

    # -- sessions ------------------------------------------------------------------------
    def create_session(self, sid: str, level: str, plan: dict) -> None:
        self._run("INSERT INTO sessions VALUES (?, ?, ?, ?, 'running', NULL)",
                  (sid, level, time.strftime("%Y-%m-%d %H:%M:%S"), json.dumps(plan, ensure_ascii=False)))

    def session(self, sid: str) -> sqlite3.Row | None:
        rows = self._run("SELECT * FROM sessions WHERE id = ?", (sid,))
        return rows[0] if rows else None

    def sessions(self) -> list[sqlite3.Row]:
        return self._run("SELECT * FROM sessions ORDER BY created_at DESC")

    def finish_session(self, sid: str, result: dict) -> None:
        self._run("UPDATE sessions SET status = 'finished', result_json = ? WHERE id = ?",
                  (json.dumps(result, ensure_ascii=False), sid))

    # -- turns ---------------------------------------------------------------------------
    def save_turn(self, sid: str, turn: Turn) -> None:
        """Insert or replace one turn; committed immediately (autocommit) so a crash loses nothing."""
        cols = (*TURN_COLUMNS, "detail_json")
        values = [getattr(turn, c) for c in TURN_COLUMNS] + [turn.detail.to_json() if turn.detail else None]
        self._run(f"INSERT OR REPLACE INTO turns (session_id, {', '.join(cols)}) "
                  f"VALUES (?, {', '.join('?' * len(cols))})", (sid, *values))

    def turns(self, sid: str) -> list[Turn]:
        rows = self._run("SELECT * FROM turns WHERE session_id = ? ORDER BY seq", (sid,))
        return [Turn(**{c: r[c] for c in TURN_COLUMNS}, detail=ScoreDetail.from_json(r["detail_json"]))
                for r in rows]

    def add_quiz(self, level: str, locator: str, function: str, score: float) -> None:
        self._run("INSERT INTO quizzes VALUES (?, ?, ?, ?, ?)",
                  (time.strftime("%Y-%m-%d %H:%M:%S"), level, locator, function, score))

    def quizzes(self) -> list[dict]:
        return [dict(r) for r in self._run("SELECT * FROM quizzes ORDER BY created_at")]

    def add_event(self, sid: str, at_s: float, kind: str, text: str) -> None:
        self._run("INSERT INTO events VALUES (?, ?, ?, ?)", (sid, at_s, kind, text))

    def events(self, sid: str) -> list[dict]:
        rows = self._run("SELECT at_s, kind, text FROM events WHERE session_id = ? ORDER BY at_s", (sid,))
        return [dict(r) for r in rows]
