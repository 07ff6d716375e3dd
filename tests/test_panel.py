"""Panel mechanics on a synthetic bank (one question per skill item): plan weights, session, resume."""


import pytest

from assistant.errors import AssistantError
from assistant.panel import Panel
from assistant.panel.bank import BankQuestion, RubricPoint
from assistant.panel.dossier import extract_claims
from assistant.panel.personas import make_panel
from assistant.panel.planner import make_plan
from assistant.panel.service import Defenses
from assistant.providers.clock import FakeClock
from assistant.store import Store

DOSSIER = """技术总结
本人自2018年起在华东某制造企业信用管理部工作，负责客户授信和应收账款管理。
2022年我主导建立了客户信用评分卡，覆盖320家经销商，按A、B、C、D四级实施分级授信。
通过每周账龄分析和分级催收，公司DSO从75天降到48天，坏账率由2.1%下降至0.8%。
我牵头制定了渠道商准入审核流程，并对供应商实施信用风险监测预警。
同时组织了三期内勤催收培训，参训42人次。"""


@pytest.fixture(scope="module")
def bank(standard):
    out = []
    for lv in standard.levels[2:]:
        for f in lv.functions:
            for c in f.contents:
                for s in c.skills:
                    rubric = (RubricPoint(f"说明{s.text}的方法步骤", 40), RubricPoint(f"结合{c.name}举例", 30),
                              RubricPoint("讲清依据的法规或标准", 30))
                    out.append(BankQuestion(f"{lv.section}-{c.no}-{s.code}-{len(out)}", lv.name, s.locator,
                                            c.locator, s.text, "实务", f"请谈谈你如何做到：{s.text}", rubric,
                                            ("要点",), ("请举一个具体例子。", "数据从哪里来？"), (s.locator,)))
    return out


@pytest.fixture()
def panel_service(fake_app, bank, tmp_path):
    return Panel(fake_app.standard, bank, fake_app.retriever(), fake_app.tokenizer, Store(tmp_path / "s.sqlite3"),
                 fake_app.scorer.score)


@pytest.mark.parametrize("level", ["二级/技师", "一级/高级技师"])
def test_plan_shares_follow_weight_table_over_200_seeds(standard, bank, level):
    weights = standard.weights["skill"][level]
    panel = make_panel(3)
    lower = 0
    for seed in range(200):
        plan = make_plan(standard, bank, level, 30, 8, panel, seed)
        shares = plan.function_shares()
        assert set(shares) == set(weights)
        assert all(abs(shares[f] - w) <= 5 for f, w in weights.items()), (seed, shares)
        skills = [(i.question.content, i.question.locator) for i in plan.items]
        assert len(skills) == len(set(skills))
        lower += sum(i.question.level == "二级/技师" for i in plan.items) if level.startswith("一级") else 0
    if level.startswith("一级"):
        assert lower >= 200  # at least one 二级 question per 一级 plan
    a = make_plan(standard, bank, level, 30, 8, panel, 7)
    b = make_plan(standard, bank, level, 30, 8, panel, 7)
    assert [i.question.id for i in a.items] == [i.question.id for i in b.items]


def test_claims_extracted_from_dossier():
    claims = extract_claims(DOSSIER)
    assert claims and claims[0].kind == "change" and "75天" in claims[0].text


def _service(panel_service, clock=None):
    clock = clock or FakeClock()
    service = Defenses(lambda: panel_service, clock=lambda: clock)
    service.clock = clock
    return service


def _answer_all(service, sid, answers) -> dict:
    """Answer each prompt in turn with the next (text, seconds); returns the saved record."""
    while not (view := service.view(sid))["ended"] and answers:
        text, seconds = answers.pop(0)
        service.submit(sid, view["prompt"]["seq"], text, seconds)
    service.stop(sid)
    return service.record(sid)


def test_scripted_session_with_dossier(panel_service, tmp_path):
    path = tmp_path / "dossier.txt"
    path.write_text(DOSSIER, encoding="utf-8")
    service = _service(panel_service)
    sid = service.start("二级", minutes=30, seed=1, dossier=path)["id"]
    # ~3 minutes of speech per answer, so the session runs into its last five minutes.
    answers = [("我介绍一下我的工作。" * 60, None)] + [("我按账龄分析表分类，计算DSO，并结合法规与标准举例说明方法步骤。" * 20, None)] * 40
    record = _answer_all(service, sid, answers)
    dossier_qs = [q for q in record["questions"] if q["source"] == "dossier"]
    assert len(dossier_qs) >= 2 and any("75天" in q["text"] or "320家" in q["text"] for q in dossier_qs)
    assert record["elapsed_s"] <= 30 * 60
    by_reviewer = record["scores"]["by_reviewer"]
    assert set(by_reviewer) == {"王评委", "李评委", "陈评委"} and len(set(by_reviewer.values())) > 1
    assert record["total"] == pytest.approx(sum(by_reviewer.values()) / 3, abs=0.1)
    assert 0 <= record["total"] <= 100 and record["passed"] == (record["total"] >= 60) and record["band"]
    assert any(e["kind"] == "warning" for e in record["events"])
    assert record["scores"]["dossier"] is not None and record["dossier_review"]["locators"]


def test_overlong_answers_hit_the_hard_stop(panel_service):
    service = _service(panel_service)
    sid = service.start("一级", minutes=10, seed=2)["id"]
    record = _answer_all(service, sid, [("很长的回答" * 1100, None)] * 50)  # 5,500 characters each
    assert record["elapsed_s"] <= 600
    assert any(q["status"] == "interrupted" for q in record["questions"])


@pytest.mark.parametrize("kwargs,msg", [({"level": "三级"}, "只针对"), ({"level": "五级"}, "未知等级"),
                                        ({"level": "二级", "panel_size": 4}, "单数"),
                                        ({"level": "二级", "minutes": 1}, "2–120"),
                                        ({"level": "二级", "questions": 0}, "1–30")])
def test_bad_setup_messages(panel_service, kwargs, msg):
    with pytest.raises(AssistantError, match=msg):
        panel_service.start(clock=FakeClock(), **kwargs)


def test_bad_dossier_messages(panel_service, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.txt"
    junk.write_text("@@@ ### 123 abc " * 20, encoding="utf-8")
    for path, msg in [(empty, "为空"), (junk, "几乎没有中文"), (tmp_path / "x.exe", "不支持")]:
        with pytest.raises(AssistantError, match=msg):
            panel_service.start("二级", FakeClock(), dossier=path)


def test_empty_and_huge_answers_do_not_crash(panel_service):
    session = panel_service.start("二级", FakeClock(), minutes=30, seed=3)
    session.open()
    session.submit("")
    session.submit("")
    session.submit("信" * 5000)
    assert len(session.turns) == 3 and session.turns[1].score == 0


def test_resume_rebuilds_the_session(panel_service):
    s1 = panel_service.start("二级", FakeClock(), minutes=30, seed=4)
    s1.open()
    for _ in range(3):
        s1.submit("我的回答包括方法步骤和举例说明。" * 3)
    s2 = panel_service.resume(s1.id, FakeClock())
    assert [t.answer for t in s2.turns] == [t.answer for t in s1.turns]
    assert s2.elapsed() == pytest.approx(s1.elapsed(), abs=0.2)
    assert s2.current().text == s1.current().text


def test_llm_phrasing_keeps_the_plan_and_falls_back(fake_app, bank, tmp_path):
    from assistant.panel import llm_phraser
    from assistant.prompts import load_prompt  # noqa: F401 (prompt file must exist)
    from assistant.providers.llm import FakeChat, LLMUnavailable

    chat = FakeChat(["王评委想请你具体讲讲：你如何做到这项要求？", LLMUnavailable("超时")])
    service = Panel(fake_app.standard, bank, fake_app.retriever(), fake_app.tokenizer, Store(tmp_path / "p.sqlite3"),
                    fake_app.scorer.score, llm_phraser(chat, fake_app.tutor.prompts_dir))
    session = service.start("二级", FakeClock(), seed=11)
    session.open()
    session.submit("陈述" * 50)
    first = session.current()
    assert first.text == "王评委想请你具体讲讲：你如何做到这项要求？" and session.current() == first
    plain = Panel(fake_app.standard, bank, fake_app.retriever(), fake_app.tokenizer, Store(tmp_path / "q.sqlite3"),
                  fake_app.scorer.score)
    same_plan = plain.start("二级", FakeClock(), seed=11)
    assert [i.locator for i in same_plan.plan.items] == [i.locator for i in session.plan.items]
    session.submit("回答")
    nxt = session.current()  # the fake now raises: the planned wording is used
    assert nxt.text.startswith(nxt.reviewer.opener) or nxt.kind == "followup"


def test_short_practice_with_fixed_question_count(panel_service):
    """A 2-minute practice with 3 questions: heaviest functions, brief ceremonies, ends on time."""
    service = _service(panel_service)
    view = service.start("二级", minutes=2, seed=5, questions=3)
    session = service._live(view["id"])
    assert len(session.plan.items) == 3 and view["practice"]
    weights = panel_service.standard.weights["skill"]["二级/技师"]
    heaviest = sorted(weights, key=lambda f: -weights[f])[:3]
    assert sorted(i.function for i in session.plan.items) == sorted(heaviest)
    assert session.ceremony_s == 6
    record = _answer_all(service, view["id"], [("我会先核对财务报表，再计算应收账款周转天数并与行业比较。", 10)] * 10)
    assert record["elapsed_s"] <= 120 and len(record["questions"]) >= 3  # 3 questions at least


def test_persona_instructions_never_reach_the_question(fake_app):
    from assistant.panel import llm_phraser
    from assistant.providers.llm import FakeChat

    reviewer = make_panel(3)[0]
    leak = f"你提问的风格{reviewer.style}。请问：你怎样设置信用额度？"
    phrase = llm_phraser(FakeChat([leak, "请问：你怎样设置信用额度？"]), fake_app.tutor.prompts_dir)
    assert phrase("你怎样设置信用额度？", reviewer) == f"{reviewer.opener}你怎样设置信用额度？"
    assert phrase("你怎样设置信用额度？", reviewer) == "请问：你怎样设置信用额度？"


def test_a_recorded_answer_is_scored_as_a_transcript(fake_app, bank, tmp_path):
    """The defense knows which answers came through speech recognition and says so to the scorer."""
    calls = []

    def score(question, rubric, answer, **kw):
        calls.append(kw.get("spoken", False))
        return fake_app.scorer.score(question, rubric, answer, **kw)

    session = Panel(fake_app.standard, bank, fake_app.retriever(), fake_app.tokenizer, Store(tmp_path / "s.sqlite3"),
                    score).start("二级", FakeClock(), minutes=30, seed=3)
    session.open()
    session.submit("我的回答包括方法步骤和举例说明。")  # the personal statement: not scored
    session.submit("先做资质审查，再按付款记录评级。")
    session.submit("先做资质审查，再按付款记录评级。", 20.0, speech_s=18.0)
    assert calls[-2:] == [False, True]
