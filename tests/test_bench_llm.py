"""`make bench-llm` plumbing, against the OpenAI-protocol stub (the real figures need a llama.cpp server and a
GGUF; see evals/bench_llm.py): every row is measured, and the stub's replies come out as they should."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from assistant.app import App
from assistant.config import PROJECT_ROOT, load_settings

from .openai_stub import OpenAIStub


def _reply(body: dict) -> str:
    system = body["messages"][0]["content"]
    if "评审委员" in system and "JSON" in system:  # the judge: point 1 covered, quoting nothing real
        return json.dumps({"points": [{"index": 1, "covered": False, "evidence": ""}]})
    if "学习导师" in system:
        return "资料未涉及。"
    return "请谈谈你的做法。"


def test_bench_llm_measures_every_row_against_a_server():
    sys.path.insert(0, str(PROJECT_ROOT / "evals"))
    from bench_llm import run

    with OpenAIStub() as stub:
        stub.state.route = _reply
        rows = dict(run(stub.base_url, "stub", limit=2, profile="test"))
    assert rows["导师：保留的大模型回答（出处有效，模型标注或系统标注；n=2）"] == "2/2"  # 资料未涉及 is kept
    assert rows["导师：引用了未检索到的定位符的回答"] == "0"
    assert rows["评分：大模型核对结果被接受（3 次）"] == "3/3" and rows["评分：同一回答 3 次得分完全相同（n=1）"] == "1/1"
    assert rows["提问：人设说明混入问题（n=2）"] == "0"


class _Dying:
    """Stands in for the server process: kill() makes the stub stop mid-answer, as a killed server does."""

    def __init__(self, stub) -> None:
        self.stub = stub

    def kill(self) -> None:
        self.stub.state.mode = "cut"


def test_bench_llm_kills_the_server_mid_answer():
    sys.path.insert(0, str(PROJECT_ROOT / "evals"))
    from bench_llm import killed_figures

    with OpenAIStub() as stub:
        stub.state.reply, stub.state.chunk, stub.state.delay_s = "综合评审由评审组提问。" * 20, 2, 0.02
        with tempfile.TemporaryDirectory() as tmp:
            llm = {"mode": "openai", "base_url": stub.base_url, "model": "stub", "timeout_s": 10.0, "retries": 0}
            app = App(load_settings("test", data_dir=Path(tmp) / "data", llm=llm))
            app.ingest(progress=False)
            got = killed_figures(app, _Dying(stub))
    assert got["right"] and "中途中断" in got["notice"] and got["chunks"] >= 3
