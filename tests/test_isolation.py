"""Per-user isolation in the services: no one answers, resumes, lists or reads another person's session;
an examiner reads only assigned candidates' records, and every such read is audited."""

from __future__ import annotations

import pytest

from assistant.accounts import LOCAL, Accounts
from assistant.errors import AssistantError
from assistant.panel.service import Defenses
from assistant.providers.clock import FakeClock

ANSWER = "我会先核对财务报表，计算应收账款周转天数并和行业均值比较，再按红黄绿三级设预警线并指定处理人。"


@pytest.fixture()
def people(fake_app):
    accounts = Accounts(fake_app.store)
    names = {}
    for name, role in (("考生甲", "candidate"), ("考生乙", "candidate"), ("评委丙", "examiner"), ("管理丁", "admin")):
        if fake_app.store.user(name) is None:
            accounts.add(name, role, "password123")
        names[name] = accounts.actor(name)
    accounts.assign("评委丙", "考生甲")
    clock = FakeClock()
    service = Defenses(lambda: fake_app.panel, clock=lambda: clock, accounts=lambda: accounts)
    return service, names


def test_another_candidates_session_cannot_be_touched(people):
    service, p = people
    a, b = p["考生甲"], p["考生乙"]
    view = service.start("二级", minutes=10, seed=3, actor=a)
    sid, seq = view["id"], view["prompt"]["seq"]
    for call in (lambda: service.view(sid, actor=b), lambda: service.submit(sid, seq, ANSWER, actor=b),
                 lambda: service.skip(sid, seq, actor=b), lambda: service.stop(sid, actor=b),
                 lambda: service.speech_context(sid, actor=b), lambda: service.view(sid, actor=LOCAL)):
        with pytest.raises(AssistantError, match="没有进行中的答辩"):
            call()
    for call in (lambda: service.resume(sid, actor=b), lambda: service.record(sid, actor=b),
                 lambda: service.report(sid, "html", actor=b)):
        with pytest.raises(AssistantError, match=f"找不到答辩记录：{sid}"):  # the same as a wrong id
            call()
    assert sid not in {r["id"] for r in service.unfinished(b)}
    assert sid in {r["id"] for r in service.unfinished(a)}
    after = service.submit(sid, seq, ANSWER, actor=a)  # the owner carries on undisturbed
    assert after["turns"][-1]["answer"] == ANSWER


def test_examiner_reads_assigned_only_and_reads_are_audited(people, fake_app):
    service, p = people
    mine = service.start("二级", minutes=5, seed=4, actor=p["考生甲"])["id"]
    other = service.start("二级", minutes=5, seed=5, actor=p["考生乙"])["id"]
    service.stop(mine, actor=p["考生甲"])
    before = len(fake_app.store.audit_log())
    assert service.record(mine, actor=p["评委丙"])["id"] == mine
    with pytest.raises(AssistantError, match="找不到答辩记录"):
        service.record(other, actor=p["评委丙"])
    with pytest.raises(AssistantError, match="没有进行中的答辩"):  # examiners read; they never answer
        service.stop(mine, actor=p["评委丙"])
    assert service.record(other, actor=p["管理丁"])["id"] == other
    service.record(mine, actor=p["考生甲"])  # the owner's own reads are not audit events
    log = fake_app.store.audit_log()[: len(fake_app.store.audit_log()) - before]
    assert {(r["actor"], r["owner"], r["target"]) for r in log} == {("评委丙", "考生甲", mine),
                                                                   ("管理丁", "考生乙", other)}
    service.report(mine, "html", actor=p["评委丙"], action="export")
    assert fake_app.store.audit_log()[0] | {"at": ""} == {"at": "", "actor": "评委丙", "action": "export",
                                                          "owner": "考生甲", "target": mine}


def test_history_and_quizzes_are_per_person(people, fake_app):
    service, p = people
    sid = service.start("二级", minutes=5, seed=6, actor=p["考生乙"])["id"]
    service.stop(sid, actor=p["考生乙"])
    q = fake_app.quiz_question("二级", seed=1)
    fake_app.quiz_grade(q, ANSWER, p["考生乙"])
    mine = fake_app.history(p["考生乙"])
    assert sid in {s["id"] for s in mine["sessions"]} and len(mine["quizzes"]) >= 1
    assert sid not in {s["id"] for s in fake_app.history(p["考生甲"])["sessions"]}
    assert fake_app.history(p["考生甲"])["quizzes"] == []


def test_examiners_mark_on_the_sheet_and_see_their_agreement(people, fake_app):
    from assistant.panel.reviews import AUTO, Reviews

    service, p = people
    accounts = Accounts(fake_app.store)
    if fake_app.store.user("评委戊") is None:
        accounts.add("评委戊", "examiner", "password123")
    accounts.assign("评委戊", "考生甲")
    reviews = Reviews(fake_app.store, accounts, lambda sid, actor: service.record(sid, actor))
    view = service.start("二级", minutes=10, seed=7, questions=3, actor=p["考生甲"])
    sid = view["id"]
    while (prompt := service.view(sid, actor=p["考生甲"])["prompt"]) is not None:
        service.submit(sid, prompt["seq"], ANSWER, actor=p["考生甲"])
    assert sid in {s["id"] for s in reviews.sessions(p["评委丙"])}
    assert sid not in {s["id"] for s in reviews.sessions(p["评委丙"]) if s["candidate"] != "考生甲"}
    with pytest.raises(AssistantError, match="只对评委和管理员开放"):
        reviews.sessions(p["考生甲"])
    sheet = reviews.sheet(p["评委丙"], sid)
    item = sheet["items"][0]
    weights = [w for _, w, _ in item["rubric"]]
    with pytest.raises(AssistantError, match="须在 0–"):
        reviews.mark(p["评委丙"], sid, item["n"], [w + 1 for w in weights])
    with pytest.raises(AssistantError, match="个要点"):
        reviews.mark(p["评委丙"], sid, item["n"], [0])
    for examiner, share in (("评委丙", 1.0), ("评委戊", 0.5)):
        for it in sheet["items"]:
            total = reviews.mark(p[examiner] if examiner in p else accounts.actor(examiner), sid, it["n"],
                                 [share * w for _, w, _ in it["rubric"]])
            assert total == pytest.approx(100 * share)
    pairs = {(x["a"], x["b"]): x for x in reviews.agreement(p["评委丙"], [sid])}
    both = pairs[("评委丙", "评委戊")]
    assert both["n"] == len(sheet["items"]) and both["mae"] == pytest.approx(50.0)
    assert ("评委丙", AUTO) in pairs
    with pytest.raises(AssistantError, match="找不到答辩记录"):  # 乙's session is not on 丙's desk
        other = service.start("二级", minutes=5, seed=8, actor=p["考生乙"])["id"]
        reviews.sheet(p["评委丙"], other)


def test_own_documents_are_found_by_their_owner_only(make_app, tmp_path):
    from assistant.accounts import Actor

    app = make_app()
    app.ingest(progress=False)
    a, b = Actor("考生甲"), Actor("考生乙")
    for actor, words in ((a, "甲公司的独门做法：蓝鲸评分卡把授信额度压到净资产的百分之七。"),
                         (b, "乙公司的独门做法：白鹭预警表每周二复核逾期九十天以上的客户。")):
        src = tmp_path / actor.name / "技术总结.md"  # the same file name for both
        src.parent.mkdir(parents=True)
        src.write_text(f"# 技术总结\n\n{words}", encoding="utf-8")
        results, _ = app.add_documents([src], progress=False, actor=actor)
        assert results[0].status == "added"

    def found(actor, query):
        return " ".join(h.chunk.text for h in app.retriever(owner=actor.name).search(query, k=8))

    assert "蓝鲸评分卡" in found(a, "蓝鲸评分卡 授信额度") and "白鹭" not in found(a, "白鹭预警表 逾期")
    assert "白鹭预警表" in found(b, "白鹭预警表 逾期") and "蓝鲸" not in found(b, "蓝鲸评分卡 授信额度")
    assert "蓝鲸" not in found(LOCAL, "蓝鲸评分卡 授信额度") and "白鹭" not in found(LOCAL, "白鹭预警表 逾期")
    panel_view = " ".join(h.chunk.text for h in app.retriever(owner=None).search("蓝鲸评分卡 白鹭预警表", k=8))
    assert "蓝鲸" not in panel_view and "白鹭" not in panel_view
    assert "蓝鲸" not in app.ask("蓝鲸评分卡是什么", actor=b).answer
    assert set(app.list_documents(a)) == {"技术总结.md"} and app.list_documents(LOCAL) == {}
    app.remove_document("技术总结.md", a)  # removing 甲's copy leaves 乙's
    assert "蓝鲸" not in found(a, "蓝鲸评分卡 授信额度") and "白鹭预警表" in found(b, "白鹭预警表 逾期")
    app.ingest(progress=False)  # a full re-ingest keeps everyone's documents
    assert "白鹭预警表" in found(b, "白鹭预警表 逾期")
