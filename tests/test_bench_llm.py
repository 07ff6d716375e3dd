"""`make bench-llm` plumbing, against the OpenAI-protocol stub (the real figures need a llama.cpp server and a
GGUF; see evals/bench_llm.py): every row is measured, and the stub's replies come out as they should."""

from __future__ import annotations

import json
import sys

from assistant.config import PROJECT_ROOT

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
