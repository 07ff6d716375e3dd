"""`assistant defend`: scripted JSON record, bad input, and kill -9 then --resume with nothing lost."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from tests.test_panel import DOSSIER

ANSWER = "我们用账龄分析表按30天区间分类，计算DSO和坏账率，按营运资产法核定额度，并依据民法典和征信业管理条例合规操作。"


def _script(path, n, text=ANSWER):
    path.write_text("\n".join(json.dumps({"text": text * 3}, ensure_ascii=False) for _ in range(n)), encoding="utf-8")
    return path


def test_scripted_defense_json_record(run_cli, tmp_path):
    run_cli("ingest")
    dossier = tmp_path / "总结.txt"
    dossier.write_text(DOSSIER, encoding="utf-8")
    proc = run_cli("defend", "--level", "一级/高级技师", "--dossier", str(dossier), "--script",
                   str(_script(tmp_path / "a.jsonl", 40)), "--seed", "5", "--json")
    rec = json.loads(proc.stdout)
    assert {"id", "level", "panel", "questions", "scores", "total", "passed", "elapsed_s"} <= set(rec)
    assert rec["level"] == "一级/高级技师" and len(rec["panel"]) == 3
    assert {"reviewer", "locator", "source", "text", "answer", "score"} <= set(rec["questions"][0])
    assert rec["scores"]["dossier"] is not None and rec["scores"]["defense"] is not None
    assert sum(q["source"] == "dossier" for q in rec["questions"]) >= 2
    assert rec["elapsed_s"] <= 30 * 60 and rec["scores"]["by_reviewer"]


def test_bad_defense_input(run_cli, tmp_path):
    run_cli("ingest")
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(51 * 1024 * 1024)
    for args, msg in [(("--level", "三级"), "只针对"), (("--panel", "4"), "单数"), (("--level", "九级"), "未知等级"),
                      (("--dossier", str(big)), "过大")]:
        proc = run_cli("defend", *args, "--script", str(_script(tmp_path / "s.jsonl", 2)), "--json", check=False)
        assert proc.returncode != 0 and msg in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_kill_9_then_resume_loses_no_answer(run_cli, tmp_path):
    run_cli("ingest")
    env = {**os.environ, "ASSISTANT_PROFILE": "test", "ASSISTANT_DATA_DIR": str(tmp_path / "cli-data"),
           "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "defend", "--level", "二级", "--seed", "9"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    sid = proc.stdout.readline().split()[1]
    db = tmp_path / "cli-data" / "assistant.sqlite3"
    answers = [f"第{n}个回答：{ANSWER}" for n in range(3)]
    for a in answers:
        proc.stdin.write(a + "\n\n")
        proc.stdin.flush()
    deadline = time.time() + 60
    while time.time() < deadline:
        with sqlite3.connect(db) as con:
            if con.execute("SELECT COUNT(*) FROM turns WHERE session_id = ?", (sid,)).fetchone()[0] >= 3:
                break
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    rec = json.loads(run_cli("defend", "--resume", sid, "--script", str(_script(tmp_path / "r.jsonl", 2)),
                             "--json").stdout)
    saved = [rec["statement"]] + [q["answer"] for q in rec["questions"] if q["status"] != "skipped"]
    assert saved[:3] == answers
    assert len(saved) == 5 and rec["id"] == sid


def test_audio_answers_in_script(run_cli, tmp_path):
    from pathlib import Path

    run_cli("ingest")
    clip = Path(__file__).resolve().parents[1] / "evals" / "asr" / "clips" / "a02.ogg"
    script = tmp_path / "audio.jsonl"
    script.write_text('{"text": "我的陈述。"}\n' + json.dumps({"audio": str(clip)}) + "\n", encoding="utf-8")
    rec = json.loads(run_cli("defend", "--level", "二级", "--script", str(script), "--seed", "1", "--json").stdout)
    # The test profile's fake ASR hears nothing: that question counts as unanswered, and the script's end
    # leaves the next one on screen unanswered too (结束答辩).
    assert [q["status"] for q in rec["questions"]][:1] == ["skipped"]
    missing = tmp_path / "missing.jsonl"
    missing.write_text('{"text": "陈述"}\n{"audio": "nope.wav"}\n', encoding="utf-8")
    bad = run_cli("defend", "--script", str(missing), "--json", check=False)
    assert bad.returncode != 0 and "不存在" in bad.stderr
