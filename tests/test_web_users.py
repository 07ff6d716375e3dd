"""`serve --users`: every candidate logs in as themselves and can reach no one else's data through any named
endpoint of the web app (gradio_client, one client per person, real server)."""

from __future__ import annotations

import httpx
import pytest

from assistant.accounts import Accounts
from assistant.store import Store

from .test_web_concurrency import START_ARGS, _call, _sid
from .webserver import ROOT, start_server, stop_server

gradio_client = pytest.importorskip("gradio_client")

PASSWORD = "password123"
PEOPLE = (("考生甲", "candidate"), ("考生乙", "candidate"), ("评委丙", "examiner"), ("管理丁", "admin"))
ANSWER = "我会先核对财务报表，计算应收账款周转天数并和行业均值比较，再按红黄绿三级设预警线并指定处理人。"
SEQ, FILES = 0, 8


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(tmp_path_factory, request):
    """The same server on both store backends; yields (URL, a Store on the server's database)."""
    data_dir = tmp_path_factory.mktemp("users") / "data"
    db_url = request.getfixturevalue("pg_server").new_database() if request.param == "postgresql" else ""
    store = Store(data_dir / "assistant.sqlite3", db_url)
    accounts = Accounts(store)
    for name, role in PEOPLE:
        accounts.add(name, role, PASSWORD)
    accounts.assign("评委丙", "考生甲")
    env = {"ASSISTANT_DATABASE_URL": db_url} if db_url else {}
    proc, url, _ = start_server(data_dir, args=("--users",), extra_env=env)
    try:
        yield url, store, data_dir
    finally:
        stop_server(proc)
        store.db.close()


def _as(url: str, name: str):
    return gradio_client.Client(url, auth=(name, PASSWORD), analytics_enabled=False, verbose=False,
                                download_files=False)


def _finished_and_open_sessions(url: str) -> tuple[str, str]:
    """Candidate 甲 finishes one session and leaves another open; returns (finished id, report URL)."""
    client = _as(url, "考生甲")
    out, notices = _call(client, *START_ARGS, api_name="/defense_start")
    assert not notices
    out, _ = _call(client, out[SEQ], ANSWER, api_name="/defense_submit")
    out, _ = _call(client, api_name="/defense_stop")
    finished = _sid(out[FILES])
    value = out[FILES].get("value") if isinstance(out[FILES], dict) else out[FILES]
    report_url = value[0]["url"]
    second = _as(url, "考生甲")
    _call(second, *START_ARGS, api_name="/defense_start")
    return finished, report_url


def test_logins_are_required_and_checked(server):
    url, _, _ = server
    with pytest.raises(Exception):  # noqa: B017 (gradio_client raises a plain ValueError/HTTP error)
        gradio_client.Client(url, auth=("考生甲", "wrong password"), verbose=False)
    assert httpx.get(url + "gradio_api/info", timeout=10).status_code in (401, 403)


def test_no_named_endpoint_reaches_another_candidate(server):
    url, store, data_dir = server
    finished, report_url = _finished_and_open_sessions(url)
    mine = [r["id"] for r in store.sessions(["考生甲"])]
    open_id = next(i for i in mine if i != finished)
    assert store.sessions(["考生乙"]) == []
    other = _as(url, "考生乙")
    for sid in (open_id, finished):  # resume by id: the same answer as an id that does not exist
        _, notices = _call(other, f"{sid} ｜ 二级/技师 ｜ x", False, api_name="/defense_resume")
        assert notices and "找不到答辩记录" in notices[0]
    for api, args in (("/defense_submit", (0, ANSWER)), ("/defense_skip", (0,)), ("/defense_stop", ())):
        _, notices = _call(other, *args, api_name=api)  # 乙 has no session of their own: nothing to act on
        assert notices and "没有进行中的答辩" in notices[0]
    out, _ = _call(other, api_name="/history")
    assert "还没有成绩记录" in out[0]
    out, notices = _call(other, "二级/技师", 4, 30, 3, [], api_name="/draft")
    assert notices and "只对评委和管理员开放" in notices[0]
    _, notices = _call(other, "题目文本", "docx", api_name="/draft_export")
    assert notices and "只对评委和管理员开放" in notices[0]
    _, notices = _call(other, "none", "", "", "", api_name="/settings_test")
    assert notices and "只有管理员" in notices[0]
    clip = gradio_client.handle_file(str(ROOT / "evals/asr/clips/a02.ogg"))
    heard, notices = _call(other, clip, api_name="/defense_transcribe")  # transcribed for 乙, without 甲's context
    assert not notices and ANSWER not in str(heard)
    answer = _call(other, "信用管理师二级的申报条件是什么", api_name="/ask")[0]
    assert finished not in str(answer) and ANSWER not in str(answer)
    # Nothing of 甲's is on 乙's pages after all that; 甲's own data is intact.
    assert store.sessions(["考生乙"]) == [] and len(store.turns(finished)) >= 1
    # The data dir (everyone's database) is not served, to anyone.
    jar = httpx.Client(base_url=url, timeout=10)
    assert jar.post("login", data={"username": "考生乙", "password": PASSWORD}).status_code == 200
    db = (data_dir / "assistant.sqlite3").resolve()
    assert jar.get(f"gradio_api/file={db}").status_code in (403, 404)
    # 甲's saved report is not served by its path either; 甲's download link is a copy in the upload dir.
    saved = data_dir.resolve() / "users" / "考生甲" / "reports" / f"答辩报告-{finished}.html"
    assert saved.is_file() and jar.get(f"gradio_api/file={saved}").status_code in (403, 404)
    assert "/uploads/dl-" in report_url, report_url


def test_examiner_and_admin_see_the_history_of_nobody_else(server):
    url, _, _ = server
    for name in ("评委丙", "管理丁"):
        out, _ = _call(_as(url, name), api_name="/history")
        assert "还没有成绩记录" in out[0]


def test_examiner_marks_assigned_candidates_only_and_admin_sees_the_audit(server):
    url, store, _ = server
    finished, _ = _finished_and_open_sessions(url)
    examiner = _as(url, "评委丙")
    out, notices = _call(examiner, api_name="/review_sessions")
    choices = [c[0] if isinstance(c, (list, tuple)) else c for c in out[0]["choices"]]
    choice = next(c for c in choices if c.startswith(finished))
    assert all("考生甲" in c for c in choices)  # only the assigned candidate's sessions
    out, notices = _call(examiner, choice, api_name="/review_open")
    assert not notices
    items = [c[0] if isinstance(c, (list, tuple)) else c for c in out[0]["choices"]]
    question, sheet = _call(examiner, choice, items[0], api_name="/review_item")[0]
    rows = sheet["value"]["data"] if isinstance(sheet, dict) and "value" in sheet else sheet["data"]
    headers = sheet["value"]["headers"] if isinstance(sheet, dict) and "value" in sheet else sheet["headers"]
    marks = [[r[0], r[1], r[2], r[1]] for r in rows]  # full marks on every point
    _, notices = _call(examiner, choice, items[0], {"headers": headers, "data": marks}, api_name="/review_mark")
    assert notices and "100.0 分" in notices[0]
    assert store.marks(finished)[0]["examiner"] == "评委丙"
    # A candidate has no workbench; an examiner cannot open a session that is not assigned to them.
    _, notices = _call(_as(url, "考生乙"), api_name="/review_sessions")
    assert notices and "只对评委和管理员开放" in notices[0]
    other = _as(url, "考生乙")
    _call(other, *START_ARGS, api_name="/defense_start")
    stranger = store.sessions(["考生乙"])[0]["id"]
    try:  # gradio refuses a value outside the offered choices; past that, the service says "not found"
        _, notices = _call(examiner, f"{stranger} ｜ 考生乙", api_name="/review_open")
        refused = bool(notices) and "找不到答辩记录" in notices[0]
    except gradio_client.exceptions.AppError as err:
        refused = "not in the list of choices" in str(err)
    assert refused
    # Settings change the app for everyone: not for candidates.
    _, notices = _call(other, "none", "", "", "", "none", api_name="/settings_save")
    assert notices and "只有管理员" in notices[0]
    # The admin sees who read and marked 甲's record; others may not see the log.
    _, notices = _call(examiner, api_name="/audit_log")
    assert notices and "只对管理员开放" in notices[0]
    out, _ = _call(_as(url, "管理丁"), api_name="/audit_log")
    actions = {(r[1], r[2], r[3]) for r in out["data"]}
    assert ("评委丙", "查看", "考生甲") in actions and ("评委丙", "打分", "考生甲") in actions
