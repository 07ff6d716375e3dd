"""Report (Markdown + standalone HTML rendered in headless chromium) and history."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_defend_cli import ANSWER
from tests.test_panel import DOSSIER

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


@pytest.fixture()
def finished_session(run_cli, tmp_path):
    run_cli("ingest")
    dossier = tmp_path / "d.txt"
    dossier.write_text(DOSSIER, encoding="utf-8")
    script = tmp_path / "s.jsonl"
    script.write_text("\n".join(json.dumps({"text": ANSWER * 8}, ensure_ascii=False) for _ in range(60)), "utf-8")
    rec = json.loads(run_cli("defend", "--level", "二级", "--dossier", str(dossier), "--script", str(script),
                             "--seed", "2", "--json").stdout)
    return rec


def test_markdown_report_and_history(run_cli, finished_session):
    md = run_cli("report", finished_session["id"]).stdout
    assert md.startswith("# 模拟综合评审报告（二级/技师，正式）") and "## 三个优先改进点" in md and "## 逐题反馈" in md
    assert "## 材料审阅与个人陈述" in md and "计分规则" in md and "随机种子" not in md
    assert md.count("\n1. ") >= 1 and "复习：" in md
    hist = json.loads(run_cli("history", "--json").stdout)
    assert [s["id"] for s in hist["sessions"]] == [finished_session["id"]]
    assert hist["sessions"][0]["total"] == finished_session["total"] and hist["sessions"][0]["functions"]
    assert hist["sessions"][0]["practice"] is False and hist["sessions"][0]["dossier"] is not None
    bad = run_cli("report", "nosuchid", check=False)
    assert bad.returncode != 0 and "找不到" in bad.stderr


def test_html_report_renders_in_chromium(run_cli, finished_session, tmp_path):
    page = tmp_path / "report.html"
    run_cli("report", finished_session["id"], "--format", "html", "-o", str(page))
    text = page.read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text  # standalone: nothing to fetch
    assert text.count("<svg") == 3
    chromium = shutil.which("chromium")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed in CI")
        pytest.skip("chromium not installed here")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
                    "--window-size=900,1400", page.as_uri()], check=True, capture_output=True, timeout=120)
    assert shot.stat().st_size > 20_000
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no CJK font installed: Chinese would render as boxes"
