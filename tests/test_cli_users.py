"""The CLI with accounts: users add/list/disable, --user on a person's commands, another person's id is a
Chinese "not found" with a non-zero exit."""

from __future__ import annotations

import json


def test_users_and_per_user_commands(run_cli, tmp_path):
    for name, role in (("张三", "candidate"), ("李四", "考生"), ("王评委", "examiner")):
        run_cli("users", "add", name, "--role", role, "--password", "password123")
    listed = json.loads(run_cli("users", "list", "--json").stdout)
    assert [(u["name"], u["role"], u["active"]) for u in listed] == [
        ("张三", "candidate", True), ("李四", "candidate", True), ("王评委", "examiner", True)]
    assert "password123" not in run_cli("users", "list", "--json").stdout
    bad = run_cli("users", "add", "张三", "--password", "password123", check=False)
    assert bad.returncode != 0 and "已存在" in bad.stderr

    run_cli("ingest")
    script = tmp_path / "answers.jsonl"
    script.write_text(json.dumps({"text": "我会先核对财务报表，计算应收账款周转天数，再按红黄绿三级设预警线。"},
                                 ensure_ascii=False) + "\n", encoding="utf-8")
    record = json.loads(run_cli("defend", "--level", "二级", "--minutes", "5", "--seed", "1", "--script",
                                str(script), "--json", "--user", "张三").stdout)
    sid = record["id"]
    assert run_cli("report", sid, "--user", "张三").stdout.strip()
    for user in ("李四", None):  # another candidate, and the local user
        args = ("report", sid) + (("--user", user) if user else ())
        other = run_cli(*args, check=False)
        assert other.returncode != 0 and f"找不到答辩记录：{sid}" in other.stderr
    assert [s["id"] for s in json.loads(run_cli("history", "--json", "--user", "张三").stdout)["sessions"]] == [sid]
    assert json.loads(run_cli("history", "--json", "--user", "李四").stdout)["sessions"] == []
    run_cli("users", "assign", "王评委", "张三")
    assert run_cli("report", sid, "--user", "王评委").stdout.strip()  # assigned examiners may read it
    audit = run_cli("users", "audit", "--json").stdout
    assert json.loads(audit)[0]["actor"] == "王评委"
    run_cli("users", "disable", "李四")
    gone = run_cli("history", "--user", "李四", check=False)
    assert gone.returncode != 0 and "停用" in gone.stderr
