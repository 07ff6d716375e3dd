"""One store test-suite, run against SQLite and a real PostgreSQL server (tests/pgserver.py)."""

from __future__ import annotations

import threading

import pytest

from assistant.records import ScoreDetail, Turn
from assistant.store import MIGRATIONS, Store


@pytest.fixture()
def store(store_url, tmp_path):
    s = Store(tmp_path / "s.sqlite3", store_url)
    yield s
    s.db.close()


def _turn(seq: int, answer: str = "回答", score: float = 73.6) -> Turn:
    detail = ScoreDetail.from_json('{"missing": ["要点二"], "dimensions": {"专业知识": 73.6}, "off_topic": false, "points": []}')
    return Turn(seq=seq, kind="question", item=seq, reviewer="评委甲", source="bank", locator="L2/3.1.1",
                prompt=f"第{seq}题", answer=answer, score=score, started_s=seq * 60.0, ended_s=seq * 60.0 + 30,
                status="answered", speech_s=None, detail=detail)


def test_migrations_run_once_and_reopen(store_url, tmp_path):
    first = Store(tmp_path / "s.sqlite3", store_url)
    first.create_session("s1", "二级/技师", {"items": []}, "张三")
    first.db.close()
    again = Store(tmp_path / "s.sqlite3", store_url)  # nothing re-applied, data still there
    assert again.session("s1")["owner"] == "张三"
    version = (again._run("PRAGMA user_version")[0][0] if again.kind == "sqlite" else
               again._run("SELECT max(version) AS v FROM schema_version")[0]["v"])
    assert version == len(MIGRATIONS)


def test_turns_round_trip_exactly_and_replace_by_seq(store):
    store.create_session("s1", "二级/技师", {"items": []}, "张三")
    store.save_turn("s1", _turn(0, "第一次"))
    store.save_turn("s1", _turn(1))
    store.save_turn("s1", _turn(0, "改过的回答", 81.25))  # the same seq again replaces it
    turns = store.turns("s1")
    assert [t.seq for t in turns] == [0, 1]
    assert turns[0].answer == "改过的回答" and turns[0].score == 81.25  # doubles, not 4-byte floats
    assert turns[1].score == 73.6 and turns[1].detail.dimensions["专业知识"] == 73.6


def test_sessions_are_listed_per_owner(store):
    for sid, owner in (("a1", "张三"), ("a2", "张三"), ("b1", "李四"), ("l1", "")):
        store.create_session(sid, "二级/技师", {}, owner)
    assert {r["id"] for r in store.sessions(["张三"])} == {"a1", "a2"}
    assert {r["id"] for r in store.sessions([""])} == {"l1"}
    assert store.sessions([]) == []
    assert len(store.sessions()) == 4


def test_quizzes_users_assignments_marks_audit(store):
    store.add_quiz("二级/技师", "L2/1.1.1", "信用管理", 55.5, "张三")
    store.add_quiz("二级/技师", "L2/1.1.1", "信用管理", 90.0, "李四")
    assert [q["score"] for q in store.quizzes("张三")] == [55.5]
    store.add_user("王评委", "examiner", "$argon2id$x")
    store.update_user("王评委", active=0)
    assert store.user("王评委")["active"] == 0 and store.users()[0]["name"] == "王评委"
    store.assign("王评委", "张三")
    store.assign("王评委", "张三")  # twice is harmless
    assert store.assigned("王评委") == ["张三"] and store.examiners_of("张三") == ["王评委"]
    store.save_marks("s1", 0, "王评委", [10, 5.5], 62.5)
    store.save_marks("s1", 0, "王评委", [12, 5.5], 70.0)
    assert store.marks("s1") == [{"seq": 0, "examiner": "王评委", "marks": [12, 5.5], "total": 70.0}]
    store.audit("王评委", "read", "张三", "s1")
    assert store.audit_log()[0]["actor"] == "王评委"


def test_concurrent_writers_lose_nothing(store):
    store.create_session("s1", "二级/技师", {}, "张三")

    def write(offset: int) -> None:
        for n in range(25):
            store.save_turn("s1", _turn(offset + n, f"答{offset + n}"))

    threads = [threading.Thread(target=write, args=(k * 100,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    turns = store.turns("s1")
    assert len(turns) == 100 and all(t.answer == f"答{t.seq}" for t in turns)


def test_an_old_sqlite_file_gains_owner_columns(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(f"BEGIN; {MIGRATIONS[0]}; {MIGRATIONS[1]}; {MIGRATIONS[2]}; PRAGMA user_version = 3; COMMIT;")
    conn.execute("INSERT INTO sessions VALUES ('old', '二级/技师', '2026-01-01 08:00:00', '{}', 'finished', NULL)")
    conn.commit()
    conn.close()
    store = Store(path)
    assert store.session("old")["owner"] == ""  # the local user's sessions stay the local user's


def test_bad_database_url_is_a_chinese_error(tmp_path):
    from assistant.errors import AssistantError

    with pytest.raises(AssistantError, match="只支持 postgresql"):
        Store(tmp_path / "s.sqlite3", "mysql://x")
    with pytest.raises(AssistantError, match=r"无法连接 PostgreSQL（postgresql://u:\*\*\*@127.0.0.1:1/x）"):
        Store(tmp_path / "s.sqlite3", "postgresql://u:secret@127.0.0.1:1/x")
