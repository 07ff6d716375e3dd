"""`python evals/bench.py --only load`: a training centre's cohort on one server, on loopback only.

N simulated candidates (gradio_client, each logged in as themselves) run short defenses and ask the tutor
against one `assistant serve --users` with the PostgreSQL backend (a real server started on a temporary
directory, as in the tests). Afterwards every stored turn is checked against what its own client sent, and
each candidate tries to resume a neighbour's session by id (it must be refused). Reported: submit latency
p50/p95, the wall time, the server's peak RSS, lost/crossed turns and cross-user reads.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the launchers the tests use: webserver.py, pgserver.py

from pgserver import PgServer  # noqa: E402
from webserver import notices, start_server, stop_server  # noqa: E402

from assistant.app import App  # noqa: E402
from assistant.config import load_settings  # noqa: E402
from assistant.store import Store  # noqa: E402

PASSWORD = "load-test-pass"
START = ("二级/技师", 3, 3, 2, None, False)  # level, panel size, minutes, questions, dossier, use LLM
SEQ, PROMPT = 0, 3
MAX_ANSWERS = 4
QUESTION = "应收账款周转天数怎么计算？"
LOGIN_SPREAD_S = 10.0


def _answer(name: str, k: int) -> str:
    return f"{name}第{k}答：先核对财务报表，再看应收账款账龄和客户近两年的付款记录，最后结合担保情况给出授信建议。"


def _call(client, *args, api_name: str):
    job = client.submit(*args, api_name=api_name)
    return job.result(timeout=600), notices(job)


def _candidate(url: str, name: str, go: threading.Barrier, latencies: list[float]) -> dict:
    from gradio_client import Client

    sent, problems = [], []
    try:  # a cohort logs in over a few seconds, then everyone presses 开始答辩 together
        time.sleep(LOGIN_SPREAD_S * random.random())
        client = Client(url, auth=(name, PASSWORD), analytics_enabled=False, verbose=False, download_files=False,
                        httpx_kwargs={"timeout": 120})
    except Exception as err:
        go.abort()
        return {"name": name, "sent": [], "problems": [f"登录失败：{type(err).__name__}: {err}"], "client": None}
    try:
        go.wait(timeout=300)
        out, said = _call(client, *START, api_name="/defense_start")
        problems += said
        while out[PROMPT] and len(sent) < MAX_ANSWERS:
            answer = _answer(name, len(sent) + 1)
            t0 = time.perf_counter()
            out, said = _call(client, out[SEQ], answer, api_name="/defense_submit")
            latencies.append(time.perf_counter() - t0)
            problems += said
            sent.append(answer)
        _call(client, QUESTION, [], "全部等级", api_name="/ask")
        _call(client, api_name="/defense_stop")
        return {"name": name, "sent": sent, "problems": problems, "client": client}
    except Exception as err:  # reported, not raised: one failing client must not hide the others' figures
        client.close()
        return {"name": name, "sent": sent, "problems": problems + [f"{type(err).__name__}: {err}"], "client": None}


def _cross_reads(url: str, results: list[dict], store: Store) -> int:
    """Each candidate asks to resume the next one's session by id; returns how many were let in."""
    let_in = 0
    for mine, theirs in zip(results, results[1:] + results[:1]):
        if mine["client"] is None:
            continue
        for row in store.sessions([theirs["name"]]):
            _, said = _call(mine["client"], f"{row['id']} ｜ x", False, api_name="/defense_resume")
            let_in += not (said and "找不到答辩记录" in said[0])
    return let_in


def _check_turns(results: list[dict], store: Store) -> tuple[int, int]:
    """(lost, crossed): answers sent but not stored under the sender; stored answers that are not theirs."""
    lost = crossed = 0
    for r in results:
        stored = [t.answer for row in store.sessions([r["name"]]) for t in store.turns(row["id"]) if t.answer]
        lost += sum(1 for a in r["sent"] if a not in stored)
        crossed += sum(1 for a in stored if not a.startswith(f"{r['name']}第"))
    return lost, crossed


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(users: int = 30, profile: str = "") -> dict:
    pg = PgServer().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            data_dir, url_db = Path(tmp) / "data", pg.new_database()
            settings = load_settings(profile or None, data_dir=data_dir, database_url=url_db)
            app = App(settings)
            app.ingest(progress=False)  # outside the timing, as `make run` leaves it
            names = [f"考生{n:02d}" for n in range(1, users + 1)]
            for name in names:
                app.accounts.add(name, "candidate", PASSWORD)
            app.store.db.close()
            env = {"ASSISTANT_DATABASE_URL": url_db}
            proc, url, _ = start_server(data_dir, profile=profile, extra_env=env, args=("--users",))
            try:
                latencies: list[float] = []
                go = threading.Barrier(users)
                t0 = time.perf_counter()
                with ThreadPoolExecutor(users) as pool:
                    results = list(pool.map(lambda n: _candidate(url, n, go, latencies), names))
                wall = time.perf_counter() - t0
                store = Store(data_dir / "unused.sqlite3", url_db)
                lost, crossed = _check_turns(results, store)
                let_in = _cross_reads(url, results, store)
                rss = _peak_rss_mb(proc.pid)
            finally:
                stop_server(proc)
                for r in results if "results" in locals() else []:
                    if r["client"] is not None:
                        r["client"].close()
    finally:
        pg.stop()
    lat = sorted(latencies)
    return {"users": users, "answers": len(lat), "wall_s": wall, "lost": lost, "crossed": crossed,
            "cross_reads": let_in, "problems": [p for r in results for p in r["problems"]],
            "p50_s": statistics.median(lat) if lat else float("nan"),
            "p95_s": lat[int(0.95 * (len(lat) - 1))] if lat else float("nan"), "rss_mb": rss}


def rows(result: dict) -> list[tuple[str, str]]:
    r = result
    head = f"负载（{r['users']} 名考生各自登录，PostgreSQL，同时答辩并提问，本机回环）"
    return [(f"{head}：提交回答延迟 p50 / p95（{r['answers']} 次）", f"{r['p50_s']:.2f} / {r['p95_s']:.2f} s"),
            (f"{head}：总用时", f"{r['wall_s']:.0f} s"),
            (f"{head}：丢失 / 串号的回答，越权读取成功次数",
             f"{r['lost']} / {r['crossed']}，{r['cross_reads']}"),
            (f"{head}：服务进程峰值常驻内存", f"{r['rss_mb']:.0f} MB"),
            (f"{head}：被拒或出错的操作", str(len(r["problems"])) + (f"（如：{r['problems'][0]}）" if r["problems"] else ""))]
