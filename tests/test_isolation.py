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
