"""Two database backends behind one small interface: SQLite (embedded default) and PostgreSQL (psycopg 3).

The store writes portable SQL with `?` placeholders; the PostgreSQL backend turns them into `%s` and widens
REAL to DOUBLE PRECISION in migrations (PostgreSQL's REAL is 4 bytes and would turn 73.6 into 73.5999…).
Both run statements in autocommit, serialised by a lock on one connection, so a crash loses no turn.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from pathlib import Path
from typing import Protocol

from .errors import AssistantError


class Database(Protocol):
    kind: str  # "sqlite" | "postgresql"

    def run(self, sql: str, args: tuple = ()) -> list: ...  # rows support row["column"] and dict(row)

    def migrate(self, migrations: tuple[str, ...]) -> None: ...

    def close(self) -> None: ...


class SqliteDb:
    kind = "sqlite"

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # One connection shared by the web app's worker threads; the lock serialises statements on it.
        self._lock = threading.RLock()
        self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA busy_timeout=5000")

    def run(self, sql: str, args: tuple = ()) -> list:
        with self._lock:
            return self.conn.execute(sql, args).fetchall()

    def migrate(self, migrations: tuple[str, ...]) -> None:
        with self._lock:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            for n, script in enumerate(migrations[version:], start=version + 1):
                self.conn.executescript(f"BEGIN; {script}; PRAGMA user_version = {n}; COMMIT;")

    def close(self) -> None:
        self.conn.close()


class PostgresDb:
    kind = "postgresql"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError as err:
            raise AssistantError("使用 PostgreSQL 需要安装 psycopg：pip install 'psycopg[binary]'") from err
        self._lock = threading.RLock()
        try:
            self.conn = psycopg.connect(url, autocommit=True, row_factory=dict_row, connect_timeout=10)
        except psycopg.OperationalError as err:
            raise AssistantError(f"无法连接 PostgreSQL（{_redact(url)}）：{_first_line(err)}。"
                                 "请检查 ASSISTANT_DATABASE_URL 和数据库服务。") from err

    def run(self, sql: str, args: tuple = ()) -> list:
        with self._lock:
            cur = self.conn.execute(sql.replace("?", "%s"), args)
            return cur.fetchall() if cur.description else []

    def migrate(self, migrations: tuple[str, ...]) -> None:
        with self._lock, self.conn.transaction():
            # One migrator at a time, even with several app servers starting against one database.
            self.conn.execute("SELECT pg_advisory_xact_lock(7301)")
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = self.conn.execute("SELECT max(version) AS v FROM schema_version").fetchone()
            version = row["v"] or 0
            for n, script in enumerate(migrations[version:], start=version + 1):
                self.conn.execute(re.sub(r"\bREAL\b", "DOUBLE PRECISION", script))
                self.conn.execute("INSERT INTO schema_version VALUES (%s)", (n,))

    def close(self) -> None:
        self.conn.close()


def open_database(sqlite_path: Path, url: str = "") -> Database:
    """PostgreSQL when a postgresql:// URL is given (ASSISTANT_DATABASE_URL), else the SQLite file."""
    if not url:
        return SqliteDb(sqlite_path)
    if not url.startswith(("postgresql://", "postgres://")):
        raise AssistantError(f"ASSISTANT_DATABASE_URL 只支持 postgresql://…，收到：{_redact(url)}")
    return PostgresDb(url)


def _redact(url: str) -> str:
    """Never print a password: postgresql://user:secret@host → postgresql://user:***@host."""
    return re.sub(r"(//[^:/@]+):[^@]*@", r"\1:***@", url)


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
