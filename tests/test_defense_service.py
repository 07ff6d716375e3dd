"""The web app's defense service: sequence-checked answers, clear refusals, finishing, resuming."""

from __future__ import annotations

import pytest

from assistant.errors import AssistantError
from assistant.panel.service import MAX_ANSWER_CHARS, Defenses
from assistant.providers.clock import FakeClock

ANSWER = "我会先核对财务报表，计算应收账款周转天数并和行业均值比较，再按红黄绿三级设预警线并指定处理人。"


@pytest.fixture()
def live(fake_app):
    clock = FakeClock()
    service = Defenses(lambda: fake_app.panel, clock=lambda: clock)
    service.clock = clock  # for the tests to move time
    return service


def test_answers_are_tied_to_the_prompt_on_screen(live):
    view = live.start("二级", minutes=10, seed=1)
    seq = view["prompt"]["seq"]
    after = live.submit(view["id"], seq, ANSWER)
    assert after["last"]["seq"] == seq and len(after["turns"]) == 1
    with pytest.raises(AssistantError, match="已经提交过了"):
        live.submit(view["id"], seq, ANSWER)  # a double click sends the same number again
    assert len(live.view(view["id"])["turns"]) == 1


@pytest.mark.parametrize("text,msg", [("", "回答是空的"), ("   ", "回答是空的"), ("好" * (MAX_ANSWER_CHARS + 1), "回答过长")])
def test_bad_answers_are_refused_and_the_session_continues(live, text, msg):
    view = live.start("二级", minutes=10, seed=2)
    with pytest.raises(AssistantError, match=msg):
        live.submit(view["id"], view["prompt"]["seq"], text)
    again = live.view(view["id"])
    assert again["prompt"]["seq"] == view["prompt"]["seq"] and not again["ended"]


def test_an_answer_sent_after_the_time_is_kept_as_interrupted_and_the_session_ends(live, fake_app):
    view = live.start("一级", minutes=5, seed=3)
    live.submit(view["id"], 0, ANSWER)
    live.clock.advance(5 * 60)
    after = live.submit(view["id"], 1, ANSWER)
    assert after["ended"] and after["last"]["status"] == "interrupted" and after["last"]["score"] > 0
    with pytest.raises(AssistantError, match="时间已到"):
        live.submit(view["id"], 2, ANSWER)
    assert fake_app.store.session(view["id"])["status"] == "finished"


def test_stop_early_then_resume_shows_the_same_turns(live, fake_app):
    view = live.start("二级", minutes=10, seed=4)
    live.submit(view["id"], 0, ANSWER)
    assert view["id"] in {r["id"] for r in live.unfinished()}
    resumed = live.resume(view["id"])
    assert [t["answer"] for t in resumed["turns"]] == [ANSWER]
    stopped = live.stop(view["id"])
    assert stopped["ended"] and view["id"] not in {r["id"] for r in live.unfinished()}
    assert fake_app.store.session(view["id"])["status"] == "finished"


def test_unknown_session_is_a_clear_message(live):
    with pytest.raises(AssistantError, match="没有进行中的答辩"):
        live.submit("nope", 0, ANSWER)
