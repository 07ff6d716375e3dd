"""Fair totals (issue 14): early stop, time-up, skips, unreached questions, reviewers who differ, 材料审阅,
natural wording, and reports that never write. Runs on the real bank with the test profile."""

from __future__ import annotations

import re
import sqlite3

import pytest

from assistant.config import PROJECT_ROOT
from assistant.evaluation import read_jsonl
from assistant.panel.marks import reviewer_mark
from assistant.panel.personas import make_panel
from assistant.panel.service import Defenses
from assistant.providers.clock import FakeClock

GOOD = ("我的做法分三步：第一，收集客户的财务报表、征信报告和付款记录，计算流动比率、速动比率和应收账款周转天数；"
        "第二，用5C分析法打分，划分A、B、C三级，A级按营运资产的10%给额度，C级要求担保或预付款；"
        "第三，按月做账龄分析，逾期30天电话催收，逾期60天发律师函，同时依据民法典和征信业管理条例合规操作。"
        "去年我们这样做后，DSO从68天降到52天，坏账率从1.5%降到0.6%。")
DOSSIER = """# 技术总结：制造企业应收账款管理改进
## 一、背景与问题
本人2019年起任华北某机械公司信用主管，负责客户授信和应收账款管理。2021年公司逾期率达到23%，DSO为81天。
## 二、做法
我主导建立了客户信用评分卡，对410家经销商按5C分析评级，按营运资产法核定信用额度。
我牵头制定了逾期催收流程，依据民法典规定在诉讼时效内发函催收。
## 三、成效
2023年DSO从81天降到57天，逾期率由23%下降至9%，坏账损失从420万元降至150万元。
## 四、体会与不足
数据口径需要统一，下一步将把评分卡与ERP系统对接。
"""


@pytest.fixture()
def service(fake_app):
    clock = FakeClock()
    svc = Defenses(lambda: fake_app.panel, clock=lambda: clock)
    svc.clock = clock
    return svc


def _best_answers() -> dict[str, str]:
    """The examiners' best-graded answer per calibration question (written blind, not by the scorer's author)."""
    best: dict[str, tuple[float, str]] = {}
    for row in read_jsonl(PROJECT_ROOT / "evals" / "datasets" / "scoring_calib.jsonl"):
        top = max(row["answers"], key=lambda a: a["score"])
        if top["score"] > best.get(row["id"], (-1, ""))[0]:
            best[row["id"]] = (top["score"], top["text"])
    return {k: v for k, (_, v) in best.items()}


BEST = _best_answers()


def _answer(service, sid, text=None, seconds=None):
    """Answer the prompt on screen; by default with the examiners' best answer to that question when the
    calibration set has one, else a general good answer."""
    view = service.view(sid)
    if text is None:
        prompt = service._live(sid).current()
        item = service._live(sid).plan.items[prompt.item] if prompt.item is not None else None
        text = BEST.get(item.question.id, GOOD) if item and item.question else GOOD
    return service.submit(sid, view["prompt"]["seq"], text, seconds)


def test_early_stop_counts_asked_questions_only(service):
    sid = service.start("二级", minutes=30, seed=21)["id"]
    _answer(service, sid, "我在一家制造企业做信用管理五年，负责授信和催收。" * 8)  # the statement
    while sum(1 for t in service.view(sid)["turns"] if t["kind"] == "question") < 3:
        _answer(service, sid)
    on_screen = service.view(sid)["prompt"]
    rec = service.stop(sid) and service.record(sid)
    asked = [i for i in rec["items"] if i["status"] != "unreached"]
    unreached = [i for i in rec["items"] if i["status"] == "unreached"]
    assert unreached and rec["unreached"] and all(i["score"] is None for i in unreached)
    mean = sum(i["score"] * i["weight_s"] for i in asked) / sum(i["weight_s"] for i in asked)
    assert rec["scores"]["defense"] == pytest.approx(mean, abs=0.1)
    if on_screen["kind"] == "question":  # left on screen by 结束答辩: asked, unanswered, 0
        assert [i["score"] for i in asked if i["status"] == "skipped"] == [0.0]
    assert rec["scores"]["dossier"] is None and rec["total"] == rec["scores"]["defense"]
    texts = " ".join(rec["priorities"])
    assert not any(i["function"] in texts and i["function"] not in {a["function"] for a in asked} for i in unreached)
    assert "未覆盖" in rec["rule"]


def test_time_up_keeps_the_answer_on_screen_and_scores_it(service):
    """A 2-minute practice: the statement, then the clock runs out while the candidate is answering."""
    sid = service.start("二级", minutes=2, seed=22)["id"]
    _answer(service, sid, "我做信用管理三年。" * 5, seconds=30)
    assert service.view(sid)["prompt"]["kind"] == "question"
    service.clock.advance(200)
    view = service.view(sid, draft=GOOD[:120])
    assert view["ended"]
    rec = service.record(sid)
    cut = [i for i in rec["items"] if i["status"] == "interrupted"]
    assert len(cut) == 1 and cut[0]["score"] > 0 and cut[0]["turns"][-1]["answer"] == GOOD[:120]
    assert rec["practice"] and rec["elapsed_s"] > 60
    assert rec["questions"][0]["status"] == "interrupted"


def test_skipping_a_question_counts_zero_and_is_named(service):
    sid = service.start("二级", minutes=30, seed=23)["id"]
    _answer(service, sid, "陈述内容" * 30)
    view = service.view(sid)
    service.skip(sid, view["prompt"]["seq"])
    _answer(service, sid)
    rec = service.stop(sid) and service.record(sid)
    skipped = [i for i in rec["items"] if i["status"] == "skipped"]
    assert skipped[0]["score"] == 0.0 and skipped[0]["n"] == 1
    assert any("第 1 题没有回答" in p for p in rec["priorities"])


def test_reviewers_differ_and_explain_themselves(service):
    sid = service.start("一级", minutes=30, panel_size=5, seed=24)["id"]
    _answer(service, sid, "陈述内容" * 30)
    for _ in range(4):
        _answer(service, sid)
    rec = service.stop(sid) and service.record(sid)
    reviewers = rec["scores"]["reviewers"]
    assert len(reviewers) == 5 and rec["scores"]["spread"] > 0
    assert all(r["why"] and r["manner"] for r in reviewers)
    marks = [i["marks"] for i in rec["items"] if i["marks"]]
    assert all(len(set(m.values())) > 1 for m in marks if max(m.values()) > 0)


def test_a_passing_answer_gets_marks_that_differ_like_examiners():
    dims = {"专业知识": 80.0, "实践应用": 55.0, "逻辑表达": 70.0, "合规意识": 60.0}
    marks = [reviewer_mark(r, 68.0, dims, False, 7, "q0") for r in make_panel(5)]
    assert max(marks) - min(marks) >= 5 and all(55 <= m <= 80 for m in marks)
    assert reviewer_mark(make_panel(3)[1], 0.0, {}, False, 7, "q0") == 0.0  # no leniency for an empty answer


def test_reviewer_marks_are_deterministic_per_seed(fake_app):
    def run():
        clock = FakeClock()
        svc = Defenses(lambda: fake_app.panel, clock=lambda: clock)
        sid = svc.start("二级", minutes=30, seed=25)["id"]
        _answer(svc, sid, "陈述内容" * 30)
        _answer(svc, sid)
        svc.stop(sid)
        return svc.record(sid)["scores"]["by_reviewer"]

    assert run() == run()


def test_dossier_is_reviewed_with_locators_and_weighs_in_the_total(service, tmp_path):
    path = tmp_path / "总结.md"
    path.write_text(DOSSIER, encoding="utf-8")
    sid = service.start("二级", minutes=30, seed=26, dossier=path)["id"]
    _answer(service, sid, "我先说背景：公司2021年逾期率23%，DSO 81天。然后是做法：我主导建立评分卡，对410家经销商评级。"
            "最后是成效：DSO从81天降到57天，坏账损失从420万元降到150万元。" * 3, seconds=300)
    probes = 0
    while not (view := service.view(sid))["ended"]:
        probes += view["prompt"]["kind"] == "question" and "材料" in view["prompt"]["text"]
        _answer(service, sid)
    rec = service.record(sid)
    review = rec["dossier_review"]
    assert probes >= 2 and any(re.search(r"\d+天|\d+万元|\d+%", q["text"]) for q in rec["questions"]
                               if q["source"] == "dossier")
    assert review["score"] > 50 and review["locators"] and all(loc.startswith("3.3/") for loc in review["locators"])
    assert rec["statement_review"]["score"] > 50
    w = 0.3
    assert rec["total"] == pytest.approx(w * rec["scores"]["dossier"] + (1 - w) * rec["scores"]["defense"], abs=0.15)
    assert rec["elapsed_s"] <= 30 * 60


def test_a_normal_pace_reaches_every_planned_question(service):
    for level in ("二级", "一级"):
        sid = service.start(level, minutes=30, seed=27)["id"]
        _answer(service, sid, "我的陈述。" * 300)  # a full statement
        while not service.view(sid)["ended"]:
            _answer(service, sid, GOOD[:330])  # ~1.5 minutes of speech per answer
        rec = service.record(sid)
        assert not rec["unreached"], (level, rec["unreached"])


def test_followups_name_an_area_never_the_answer(service, fake_app):
    sid = service.start("二级", minutes=30, seed=28)["id"]
    _answer(service, sid, "陈述内容" * 30)
    followups = []
    for _ in range(12):
        view = service.view(sid)
        if view["ended"]:
            break
        if view["prompt"]["kind"] == "followup":
            followups.append(view["prompt"]["text"])
        _answer(service, sid, "这个问题我了解一些，会按公司规定处理。")
    assert followups
    session = service._live(sid)
    points = [p.point for i in session.plan.items for p in i.rubric]
    for text in followups:
        assert not text.startswith("结合你的实际工作")
        for point in points:
            content = point.split("：", 1)[1] if "：" in point else ""
            assert not content or content[:12] not in text, (text, point)


def _dump(db) -> list:
    with sqlite3.connect(db) as con:
        return [con.execute(f"SELECT * FROM {t}").fetchall() for t in ("sessions", "turns", "events")]


def test_reports_never_write(fake_app, tmp_path):
    app = fake_app
    clock = FakeClock()
    svc = Defenses(lambda: app.panel, clock=lambda: clock)
    running = svc.start("二级", minutes=30, seed=29)["id"]
    _answer(svc, running, "陈述内容" * 30)
    done = svc.start("二级", minutes=30, seed=30)["id"]
    _answer(svc, done, "陈述内容" * 30)
    _answer(svc, done)
    svc.stop(done)
    db = app.settings.data_dir / "assistant.sqlite3"
    before = _dump(db)
    for sid in (running, done):
        for fmt in ("md", "html"):
            assert svc.report(sid, fmt)
        svc.record(sid)
    assert _dump(db) == before
    assert "尚未结束" in svc.report(running) and "尚未结束" not in svc.report(done)
