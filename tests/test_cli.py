"""CLI contracts and bad input: Chinese messages, non-zero exits, never a traceback."""

import json


def test_search_json_contract_and_errors(run_cli):
    run_cli("ingest")
    proc = run_cli("search", "综合评审时间不少于多少分钟", "-k", "3", "--json")
    hits = json.loads(proc.stdout)
    assert len(hits) == 3
    assert set(hits[0]) == {"rank", "score", "locator", "covers", "title", "text"}
    for args, msg in [(("search", ""), "为空"), (("search", "信" * 2000), "过长"),
                      (("search", "DSO", "--level", "九级"), "未知等级")]:
        bad = run_cli(*args, check=False)
        assert bad.returncode != 0 and msg in bad.stderr and "Traceback" not in bad.stderr


def test_missing_and_corrupt_index_messages(run_cli, tmp_path):
    proc = run_cli("search", "DSO", check=False)
    assert proc.returncode != 0 and "assistant ingest" in proc.stderr and "Traceback" not in proc.stderr
    run_cli("ingest")
    (tmp_path / "cli-data" / "index" / "manifest.json").write_text("garbage", encoding="utf-8")
    proc = run_cli("search", "DSO", check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    run_cli("ingest", "--rebuild")
    assert json.loads(run_cli("search", "DSO", "--json").stdout)


def test_eval_retrieval_json_shape(run_cli, tmp_path):
    run_cli("ingest")
    ds = tmp_path / "ds.jsonl"
    ds.write_text('{"id":"a","question":"综合评审时间","source":"1.9.4"}\n'
                  '{"id":"b","question":"没有定位符的行被跳过","source":""}\n', encoding="utf-8")
    data = json.loads(run_cli("eval", "retrieval", "--dataset", str(ds), "--json").stdout)
    assert set(data) == {"n", "hit@1", "hit@5", "mrr", "latency_ms", "items"}
    assert data["n"] == 1 and set(data["latency_ms"]) == {"p50", "p95"} and data["items"][0]["id"] == "a"
    bad = run_cli("eval", "retrieval", "--dataset", str(tmp_path / "nope.jsonl"), check=False)
    assert bad.returncode != 0 and "找不到数据集" in bad.stderr


def test_standard_tree_and_unknown_command(run_cli):
    out = run_cli("standard", "--level", "一级").stdout
    assert "一级/高级技师（职业功能 6，工作内容 19，技能要求 77，相关知识要求 61）" in out
    bad = run_cli("nosuchcommand", check=False)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr


def test_serve_rejects_a_malformed_auth(run_cli):
    result = run_cli("serve", "--auth", "only-user", check=False)
    assert result.returncode == 2 and "用户名:密码" in result.stderr and "Traceback" not in result.stderr


def test_serve_on_a_busy_port_is_a_clear_message(run_cli):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = run_cli("serve", "--port", str(busy.getsockname()[1]), check=False)
    assert result.returncode == 2 and "端口" in result.stderr and "Traceback" not in result.stderr
