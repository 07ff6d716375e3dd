"""Shared index on a real `chroma run` server (ASSISTANT_CHROMA_URL): same interface, same results as local."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.app import App
from assistant.config import load_settings
from assistant.errors import AssistantError, IndexCorruptError
from assistant.index import CorpusIndex
from assistant.providers.embeddings import FakeEmbedder

QUERIES = ["综合评审时间不少于多少分钟", "怎么用DSO和坏账率分析客户信用风险", "职业守则 不擅自更改客户信用记录",
           "二级技能考核里授信审批占多少权重", "信用证结算", "账龄分析"]
STARTUP_S = 60
SMALL = 150  # chunks of the corpus used where the whole corpus adds only time


def _chroma_cli() -> str:
    beside = Path(sys.executable).parent / "chroma"  # the venv's bin dir, even when it is not on PATH
    found = str(beside) if beside.exists() else shutil.which("chroma")
    if not found:
        pytest.skip("chroma CLI not installed")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _heartbeat(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    try:
        with opener.open(f"{url}/api/v2/heartbeat", timeout=1) as resp:
            return resp.status == 200
    except OSError:
        return False


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_S
    while not _heartbeat(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            state = f"exited with {proc.returncode}" if proc.poll() is not None else f"no heartbeat in {STARTUP_S} s"
            pytest.fail(f"chroma run at {url} {state}; its output:\n{log.read_text(errors='replace')[-4000:]}")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """A real Chroma server on a free loopback port; yields its base URL (http://127.0.0.1:port)."""
    root = tmp_path_factory.mktemp("chroma-server")
    port, log = _free_port(), root / "server.log"
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    with log.open("wb") as out:
        proc = subprocess.Popen([_chroma_cli(), "run", "--path", str(root / "db"), "--host", "127.0.0.1",
                                 "--port", str(port)], stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        _wait_until_up(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _app(data_dir: Path, chroma_url: str = "", limit: int | None = None) -> App:
    app = App(load_settings("test", data_dir=data_dir, chroma_url=chroma_url))
    if limit:
        chunks = app.corpus_chunks()[:limit]
        app.corpus_chunks = lambda: chunks
    return app


def _dense_ids(app: App, query: str, n: int = 10) -> list[tuple[str, float]]:
    return [(app.index.chunks[pos].id, score) for pos, score in app.index.dense(query, n)]


@pytest.fixture(scope="module")
def local_and_server(chroma_server, tmp_path_factory):
    """The whole corpus ingested twice: into a local index and into the server's default collection."""
    root = tmp_path_factory.mktemp("same-results")
    local, server = _app(root / "local"), _app(root / "server", chroma_server)
    for app in (local, server):
        app.ingest(progress=False)
    return local, server


def test_server_listens_on_loopback_only(chroma_server):
    port = int(chroma_server.rsplit(":", 1)[1])
    tables = [Path("/proc/net/tcp"), Path("/proc/net/tcp6")]
    if not tables[0].exists():
        pytest.skip("no /proc/net/tcp on this system")
    listening = [cols[1].split(":")[0] for t in tables if t.exists() for line in t.read_text().splitlines()[1:]
                 if (cols := line.split())[3] == "0A" and int(cols[1].split(":")[1], 16) == port]
    assert listening == ["0100007F"], listening  # 127.0.0.1 only: no 0.0.0.0, no IPv6 wildcard


def test_server_gives_the_same_results_as_local(local_and_server, chroma_server):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    local, server = local_and_server
    assert not (server.settings.index_dir / "chroma").exists()  # the vectors really are on the server
    client = chromadb.HttpClient(host="127.0.0.1", port=int(chroma_server.rsplit(":", 1)[1]),
                                 settings=ChromaSettings(anonymized_telemetry=False))
    assert client.get_collection("corpus").count() >= len(server.index.chunks)  # default collection name
    for query in QUERIES:
        ours, theirs = _dense_ids(local, query), _dense_ids(server, query)
        assert len(ours) == 10 and [i for i, _ in ours] == [i for i, _ in theirs], query
        assert [s for _, s in ours] == pytest.approx([s for _, s in theirs], abs=1e-6), query
        assert [h.chunk.id for h in local.search(query, k=5)] == [h.chunk.id for h in server.search(query, k=5)]


def test_unchanged_reingest_embeds_nothing_on_server(chroma_server, tmp_path):
    url = f"{chroma_server}/reingest"
    first = _app(tmp_path / "a", url, SMALL).ingest(progress=False)
    assert first.embedded == first.total > 100
    again = _app(tmp_path / "a", url, SMALL).ingest(progress=False)
    assert (again.embedded, again.removed, again.total) == (0, 0, first.total)
    # A second instance with its own data dir shares the server's vectors: nothing to embed either.
    other = _app(tmp_path / "b", url, SMALL)
    assert other.ingest(progress=False).embedded == 0
    assert other.search("DSO 应收账款回收天数", k=3)


def test_rebuild_on_server(chroma_server, tmp_path):
    url = f"{chroma_server}/rebuild"
    app = _app(tmp_path / "data", url, SMALL)
    first = app.ingest(progress=False)
    report = _app(tmp_path / "data", url, SMALL).ingest(rebuild=True, progress=False)
    assert (report.embedded, report.total) == (first.total, first.total)
    fresh = _app(tmp_path / "data", url, SMALL)
    # `app` still holds the collection deleted by the rebuild: it opens the new one and gives the same hits.
    assert [h.chunk.id for h in fresh.search("账龄分析", k=5)] == [h.chunk.id for h in app.search("账龄分析", k=5)]


class _OtherEmbedder(FakeEmbedder):
    name = "other-fake"


def test_collection_of_another_embedder_is_refused_until_rebuild(chroma_server, tmp_path):
    url = f"{chroma_server}/stamped"
    app = _app(tmp_path / "a", url)
    chunks = app.corpus_chunks()[:20]
    CorpusIndex(tmp_path / "a", FakeEmbedder(), app.tokenizer, chroma_url=url).ingest(chunks, progress=False)
    other = CorpusIndex(tmp_path / "b", _OtherEmbedder(), app.tokenizer, chroma_url=url)
    with pytest.raises(IndexCorruptError, match="fake-bigram-hash，当前为 other-fake.*--rebuild"):
        other.ingest(chunks, progress=False)
    assert other.ingest(chunks, rebuild=True, progress=False).embedded == 20


def test_unreachable_server_is_a_chinese_error(tmp_path):
    url = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    with pytest.raises(AssistantError, match=f"无法连接 Chroma 服务器 {url}.*chroma run"):
        _app(tmp_path / "data", url).ingest(progress=False)


def test_bad_url_is_a_chinese_error(tmp_path):
    with pytest.raises(AssistantError, match="ASSISTANT_CHROMA_URL 格式错误"):
        _app(tmp_path / "data", "127.0.0.1:8000").ingest(progress=False)


def test_url_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_CHROMA_URL", "https://chroma.example:9443/team-a")
    app = App(load_settings("test", data_dir=tmp_path))
    assert app.settings.chroma_url == "https://chroma.example:9443/team-a"
    server = app.index.server
    assert (server.host, server.port, server.ssl, server.collection) == ("chroma.example", 9443, True, "team-a")
