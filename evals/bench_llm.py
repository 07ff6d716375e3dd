"""`make bench-llm` (not part of `make test`): the LLM mode against a real OpenAI-compatible server.

Either point it at a running server (ASSISTANT_LLM_BASE_URL, ASSISTANT_LLM_MODEL), or give a GGUF file in
ASSISTANT_LLM_GGUF and it starts `python -m llama_cpp.server` on loopback (needs
`pip install 'llama-cpp-python[server]'`, in this Python or the one named by ASSISTANT_LLAMA_PYTHON; nothing is
downloaded at run time) and, at the end, kills it in the middle of an answer. It runs tutor questions and
judged answers from the dev sets and prints: kept LLM answers (with valid citations, model- or
product-attached), answers citing unretrieved locators, judge replies accepted, the same answer scored
identically on three runs, agreement with the offline scorer, persona text leaked into questions, latency.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.app import App  # noqa: E402
from assistant.config import load_settings  # noqa: E402
from assistant.panel import llm_phraser  # noqa: E402
from assistant.panel.personas import make_panel  # noqa: E402
from assistant.tutor import CITATION_RE, _covered_by  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_llama(gguf: str) -> tuple[subprocess.Popen, str]:
    """llama.cpp's OpenAI-compatible server on loopback; (process, base URL)."""
    port = _free_port()
    python = os.environ.get("ASSISTANT_LLAMA_PYTHON", sys.executable)  # a venv with llama-cpp-python[server]
    proc = subprocess.Popen([python, "-m", "llama_cpp.server", "--model", gguf, "--host", "127.0.0.1",
                             "--port", str(port), "--n_ctx", "4096", "--n_threads", str(os.cpu_count() or 2)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    for _ in range(600):
        if proc.poll() is not None:
            raise SystemExit("llama_cpp.server 启动失败：请先 pip install 'llama-cpp-python[server]'，并检查 GGUF 文件。")
        try:
            with urllib.request.urlopen(url + "/models", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("llama_cpp.server 300 秒内没有就绪。")


def _rows(path: Path, limit: int) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()][:limit]


def tutor_figures(app: App, limit: int) -> dict:
    kept = unretrieved = 0
    took = []
    rows = [r for r in _rows(ROOT / "evals/datasets/tutor_dev.jsonl", 10**6) if r.get("kind") != "adversarial"]
    for row in rows[:limit]:
        t0 = time.perf_counter()
        ans = app.ask(row["question"])
        took.append(time.perf_counter() - t0)
        kept += ans.mode == "llm"
        unretrieved += any(not _covered_by(c, ans.cited_hits) for c in CITATION_RE.findall(ans.answer))
    return {"n": len(took), "kept": kept, "unretrieved": unretrieved,
            "p50_s": statistics.median(took) if took else 0.0, "max_s": max(took, default=0.0)}


def judge_figures(app: App, limit: int, runs: int = 3) -> dict:
    accepted = calls = stable = 0
    gaps, took, why = [], [], []
    inner = app.chat.generate_json

    def recorded(*args, **kwargs):  # why a reply was not accepted, for the table
        try:
            return inner(*args, **kwargs)
        except Exception as exc:
            why.append(str(exc))
            raise

    app.chat.generate_json = recorded
    for row in _rows(ROOT / "evals/datasets/scoring_dev.jsonl", limit):
        rubric = [(p["point"], p["weight"]) for p in row["rubric"]]
        answer = max(row["answers"], key=lambda a: a["score"])["text"]  # the best answer: the judge has work
        scores = []
        for _ in range(runs):
            t0 = time.perf_counter()
            card = app.score(row["question"], rubric, answer)
            took.append(time.perf_counter() - t0)
            calls += 1
            accepted += card.judge == "llm"
            scores.append(card.score)
            gaps.append(abs(card.score - card.offline_score))
        stable += len(set(scores)) == 1
    del app.chat.generate_json
    return {"n": limit, "calls": calls, "accepted": accepted, "stable": stable, "why": sorted(set(why)),
            "gap": statistics.mean(gaps) if gaps else 0.0, "p50_s": statistics.median(took) if took else 0.0}


def persona_figures(app: App, limit: int) -> dict:
    """Persona text in the model's raw wording (which the product then drops) and in the questions asked."""
    raw: list[str] = []
    inner = app.chat.generate

    def recorded(*args, **kwargs):
        out = inner(*args, **kwargs)
        raw.append(out)
        return out

    app.chat.generate = recorded
    phrase, panel = llm_phraser(app.chat, ROOT / "prompts"), make_panel(5)
    leaked = raw_leaked = worded = 0
    for n, q in enumerate(app.bank[:limit]):
        reviewer = panel[n % len(panel)]
        del raw[:]
        out = phrase(q.question, reviewer)
        says = lambda text, r=reviewer: any(r.style[i:i + 6] in text for i in range(max(1, len(r.style) - 5)))  # noqa: E731
        leaked += says(out)
        raw_leaked += any(says(x) for x in raw)
        worded += bool(raw) and out == raw[-1].strip()
    del app.chat.generate
    return {"n": min(limit, len(app.bank)), "leaked": leaked, "raw_leaked": raw_leaked, "worded": worded}


KILL_QUESTION = "信用管理师二级的综合评审怎么进行？请详细说明。"


def killed_figures(app: App, proc: subprocess.Popen) -> dict:
    """Kill the server after the first chunks of a tutor answer: the product must say the answer was cut
    off and give the offline answer instead of keeping half a reply."""
    chunks, final = [], None
    for part in app.ask_stream(KILL_QUESTION):
        if isinstance(part, str):
            chunks.append(part)
            if len(chunks) == 3:
                proc.kill()
        else:
            final = part
    notice = final.notice if final else ""
    right = final is not None and final.mode == "offline" and "中断" in notice
    return {"chunks": len(chunks), "notice": notice, "right": right}


def run(base_url: str, model: str, limit: int, profile: str | None = None,
        proc: subprocess.Popen | None = None) -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        llm = {"mode": "openai", "base_url": base_url, "model": model, "timeout_s": 120.0, "temperature": 0.0}
        app = App(load_settings(profile, data_dir=Path(tmp) / "data", llm=llm))
        app.ingest(progress=False)
        t = tutor_figures(app, limit)
        app.chat.reset()  # each part measured on its own, not through the breaker another part opened
        j = judge_figures(app, max(1, limit // 2))
        app.chat.reset()
        p = persona_figures(app, limit)
        app.chat.reset()
        k = killed_figures(app, proc) if proc is not None else None
    killed = [] if k is None else [("服务在回答途中被终止：提示正确并改用离线回答", f"{'是' if k['right'] else '否'}：{k['notice']}")]
    return [(f"导师：保留的大模型回答（出处有效，模型标注或系统标注；n={t['n']}）", f"{t['kept']}/{t['n']}"),
            ("导师：引用了未检索到的定位符的回答", str(t["unretrieved"])),
            ("导师：每题用时 中位数 / 最长", f"{t['p50_s']:.1f} / {t['max_s']:.1f} s"),
            (f"评分：大模型核对结果被接受（{j['calls']} 次）", f"{j['accepted']}/{j['calls']}"),
            (f"评分：同一回答 3 次得分完全相同（n={j['n']}）", f"{j['stable']}/{j['n']}"),
            ("评分：与离线评分的平均差", f"{j['gap']:.1f}"),
            ("评分：每次用时中位数", f"{j['p50_s']:.1f} s"),
            (f"提问：人设说明混入问题（n={p['n']}）", str(p["leaked"])),
            ("提问：模型原始措辞含人设说明（已被丢弃） / 采用模型措辞的问题", f"{p['raw_leaked']} / {p['worded']}"),
            *([("评分：未被接受的原因", "；".join(j["why"])[:200])] if j["why"] else []), *killed]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=20, help="tutor questions (judged answers: half)")
    args = parser.parse_args()
    base_url, model = os.environ.get("ASSISTANT_LLM_BASE_URL", ""), os.environ.get("ASSISTANT_LLM_MODEL", "local")
    gguf, proc = os.environ.get("ASSISTANT_LLM_GGUF", ""), None
    if not base_url and not gguf:
        raise SystemExit("请设置 ASSISTANT_LLM_GGUF=模型.gguf（自动在本机回环启动 llama_cpp.server），"
                         "或 ASSISTANT_LLM_BASE_URL 与 ASSISTANT_LLM_MODEL 指向已运行的 OpenAI 兼容服务。")
    if not base_url:
        proc, base_url = start_llama(gguf)
    try:
        rows = run(base_url, model, args.limit, proc=proc)  # the kill test only on a server it started
    finally:
        if proc is not None:
            proc.terminate()
    print("| 指标 | 数值 |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
