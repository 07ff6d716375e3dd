"""Several candidates on one `assistant serve` at once: their defense sessions must stay apart.

Each simulated candidate is its own gradio_client.Client, i.e. its own gradio session. The session id
is gr.State, which gradio keeps on the server per client session and leaves out of the client API
(exactly as for a browser tab); the number of the prompt on screen is a hidden component that the
page (here: the client) sends back with each answer.
The session id comes back in the report file names once a session has ended.

Refusals are notices (gr.Warning) with every output left as it was, not errors, so each call also
collects the notices the page would have shown.
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assistant.store import Store

from .webserver import notices as _notices
from .webserver import start_server, stop_server

gradio_client = pytest.importorskip("gradio_client")

SESSIONS = 5
MAX_ANSWERS = 6
# Visible outputs of defense_start / defense_submit / defense_stop (the gr.State outputs are omitted):
# prompt number, clock, current prompt, prompt text, log, delivery, timer, report, files[, answer box, audio]
SEQ, PROMPT, LOG, FILES = 0, 3, 4, 8
START_ARGS = ("二级/技师", 3, 2, 3, None, False)  # level, panel size, minutes, questions, dossier, use LLM
REPORT_NAME = re.compile(r"答辩报告-([0-9a-f]+)\.html$")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("web") / "data"
    data_dir.mkdir()
    proc, url, _ = start_server(data_dir)
    try:
        yield url, data_dir
    finally:
        stop_server(proc)


def _client(url: str):
    return gradio_client.Client(url, analytics_enabled=False, verbose=False, download_files=False)


def _call(client, *args, api_name: str) -> tuple[tuple, list[str]]:
    """One click: the outputs and the notices shown with them."""
    job = client.submit(*args, api_name=api_name)
    out = job.result(timeout=120)
    return out, _notices(job)


def _sid(files_update) -> str:
    """The session id, from the report files shown when a session ends."""
    value = files_update.get("value") if isinstance(files_update, dict) else files_update
    names = [Path(v if isinstance(v, str) else v["path"]).name for v in value or []]
    ids = {m.group(1) for name in names if (m := REPORT_NAME.search(name))}
    assert len(ids) == 1, f"no single report among {names}"
    return ids.pop()


def _user_texts(log: list[dict]) -> list[str]:
    """The candidate's messages in the chat log (gradio 6 gives content as a list of text parts)."""
    out = []
    for message in log:
        if message["role"] != "user":
            continue
        content = message["content"]
        if isinstance(content, list):
            content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
        out.append(content)
    return out


def _answer(n: int, k: int) -> str:
    return f"会话{n}第{k}轮：我会先核对财务报表，再看应收账款账龄和客户近两年的付款记录，最后结合担保情况给出授信建议。"


def _candidate(url: str, n: int, go: threading.Barrier) -> dict:
    client = _client(url)
    try:
        go.wait(timeout=60)  # all candidates press 开始答辩 together
        out, notices = _call(client, *START_ARGS, api_name="/defense_start")
        assert not notices, f"session {n} did not start: {notices}"
        sent: list[tuple[str, str]] = []  # (prompt shown, answer given)
        while out[PROMPT] and len(sent) < MAX_ANSWERS:
            answer = _answer(n, len(sent) + 1)
            sent.append((out[PROMPT], answer))
            out, notices = _call(client, out[SEQ], answer, api_name="/defense_submit")
            assert not notices, f"session {n}, answer {len(sent)} refused: {notices}"
            assert _user_texts(out[LOG]) == [a for _, a in sent], f"session {n}: the page shows other answers"
        out, notices = _call(client, api_name="/defense_stop")
        assert not notices, f"session {n} did not stop: {notices}"
        return {"n": n, "sid": _sid(out[FILES]), "sent": sent, "log": _user_texts(out[LOG])}
    finally:
        client.close()


def test_simultaneous_sessions_keep_their_own_turns(server):
    url, data_dir = server
    go = threading.Barrier(SESSIONS)
    with ThreadPoolExecutor(SESSIONS) as pool:
        results = list(pool.map(lambda n: _candidate(url, n, go), range(1, SESSIONS + 1)))

    sids = [r["sid"] for r in results]
    assert len(set(sids)) == SESSIONS, sids
    store = Store(data_dir / "assistant.sqlite3")
    try:
        for r in results:
            every = store.turns(r["sid"])
            assert [t.seq for t in every] == list(range(len(every)))
            turns = [t for t in every if t.status != "skipped"]  # 结束答辩 leaves the prompt on screen unanswered
            assert [t.answer for t in turns] == [a for _, a in r["sent"]], f"session {r['n']} lost or gained turns"
            assert [t.prompt for t in turns] == [p for p, _ in r["sent"]], f"session {r['n']}: answers moved"
            assert r["log"] == [a for _, a in r["sent"]]
            assert store.session(r["sid"])["status"] == "finished"
        # No answer of one candidate was stored under anyone else's session.
        owner = {f"会话{r['n']}第": r["sid"] for r in results}
        for row in store.sessions():
            for t in store.turns(row["id"]):
                tag = (t.answer or "")[:4]
                if tag in owner:
                    assert owner[tag] == row["id"], f"{t.answer[:10]}… stored under {row['id']}"
    finally:
        store.db.close()


def test_double_submit_is_refused(server):
    """A double click (or a client retry) sends the same answer twice for the prompt on screen."""
    url, data_dir = server
    client = _client(url)
    try:
        out, _ = _call(client, *START_ARGS, api_name="/defense_start")
        answer = "重复提交：我从事信用管理工作八年，负责客户资信调查和授信审批。"
        jobs = [client.submit(out[SEQ], answer, api_name="/defense_submit") for _ in range(2)]  # before any reply
        notices = []
        for job in jobs:
            job.result(timeout=120)
            notices.append(_notices(job))
        sid = _sid(_call(client, api_name="/defense_stop")[0][FILES])
    finally:
        client.close()
    store = Store(data_dir / "assistant.sqlite3")
    try:
        answers = [t.answer for t in store.turns(sid) if t.status != "skipped"]
    finally:
        store.db.close()
    # the two requests may reach the queue in either order: one is taken, the other refused
    accepted, refused = sorted(notices, key=len)
    assert accepted == []
    assert any("已经提交过了" in text for text in refused), notices
    assert answers == [answer]
