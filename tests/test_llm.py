"""Chat providers through the real OpenAI client against a loopback stub; deadline, retries, fakes."""

import os
import time
from pathlib import Path

import pytest

from assistant.config import LLMSettings
from assistant.providers.llm import FakeChat, LLMUnavailable, ResilientChat, make_chat
from tests.openai_stub import OpenAIStub

MSGS = [{"role": "user", "content": "综合评审多长时间？"}]
PROMPTS = Path(__file__).resolve().parents[1] / "prompts"


@pytest.fixture()
def stub():
    with OpenAIStub() as s:
        yield s


def _chat(stub, timeout=5.0, retries=1):
    return make_chat(LLMSettings(mode="openai", base_url=stub.base_url, model="stub-model", timeout_s=timeout,
                                 retries=retries))


def test_generate_plain_json(stub):
    stub.state.reply = "综合评审时间不少于30min〔1.9.4〕"
    assert _chat(stub).generate(MSGS) == "综合评审时间不少于30min〔1.9.4〕"
    assert stub.state.requests[0]["model"] == "stub-model"
    assert stub.state.requests[0]["messages"][-1]["content"] == "综合评审多长时间？"


def test_stream_sse_first_token_latency(stub):
    stub.state.reply = "综合评审时间不少于三十分钟。" * 3
    stub.state.delay_s = 0.2
    received = []
    for part in _chat(stub).stream(MSGS):
        received.append((time.monotonic(), part))
    assert "".join(p for _, p in received) == stub.state.reply
    lag = received[0][0] - stub.state.sent_at[0]
    assert lag < 0.1, f"first token reached the caller {lag * 1000:.0f} ms after the stub sent it"


@pytest.mark.parametrize("mode", ["error", "garbage", "empty"])
def test_bad_endpoint_raises_unavailable_quickly(stub, mode):
    stub.state.mode = mode
    t0 = time.monotonic()
    with pytest.raises(LLMUnavailable):
        _chat(stub, timeout=3.0, retries=1).generate(MSGS)
    assert time.monotonic() - t0 < 4.0
    assert len(stub.state.requests) >= (2 if mode == "error" else 1)  # bounded retries happened


def test_slow_endpoint_hits_the_deadline(stub):
    stub.state.mode, stub.state.delay_s = "slow", 3.0
    t0 = time.monotonic()
    with pytest.raises(LLMUnavailable, match="秒内"):
        _chat(stub, timeout=0.5).generate(MSGS)
    assert time.monotonic() - t0 < 1.5


def test_endpoint_down():
    chat = make_chat(LLMSettings(mode="openai", base_url="http://127.0.0.1:9/v1", model="m", timeout_s=2, retries=1))
    with pytest.raises(LLMUnavailable):
        chat.generate(MSGS)


def test_fake_chat_scripts_replies_and_errors():
    fake = FakeChat()
    fake.enqueue(["第一句", RuntimeError("boom")])
    assert "".join(fake.stream(MSGS)) == "第一句"
    wrapped = ResilientChat(fake, timeout_s=1, retries=0)
    with pytest.raises(LLMUnavailable):
        wrapped.generate(MSGS)


def test_generate_json_is_validated():
    assert FakeChat(['说明 {"covered": true} 结束']).generate_json(MSGS) == {"covered": True}
    with pytest.raises(LLMUnavailable):
        FakeChat(["不是 JSON"]).generate_json(MSGS)


def test_none_mode_has_no_model():
    assert make_chat(LLMSettings()) is None


def test_langchain_fake_model_through_the_adapter():
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from assistant.providers.llm import LangChainChat

    chat = LangChainChat(FakeListChatModel(responses=["依据〔1.9.4〕，不少于30min。"]), "lc-fake")
    assert chat.generate(MSGS) == "依据〔1.9.4〕，不少于30min。"
    assert "".join(LangChainChat(FakeListChatModel(responses=["流式输出"]), "lc").stream(MSGS)) == "流式输出"


def test_settings_connection_test_and_apply(stub, make_app, monkeypatch):
    """The 设置 tab's services: a round trip to the endpoint, then switching the app to it (key never on disk)."""
    from assistant.errors import AssistantError

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    app = make_app()
    settings = LLMSettings(mode="openai", base_url=stub.base_url, model="stub-model")
    stub.state.reply = "连接成功"
    assert "连接成功" in app.test_llm(settings, api_key="sk-secret-123")
    assert "OPENAI_API_KEY" not in os.environ  # the test does not leave the key behind
    stub.state.mode = "error"
    with pytest.raises(AssistantError, match="连接失败"):
        app.test_llm(settings)
    with pytest.raises(AssistantError, match="离线模式"):
        app.test_llm(LLMSettings(mode="none"))
    stub.state.mode = "ok"
    app.configure(llm=settings, asr="none", api_key="sk-secret-123")
    assert app.chat is not None and app.settings.asr == "none"
    saved = (app.settings.data_dir / "web-settings.json").read_text(encoding="utf-8")
    assert "stub-model" in saved and "sk-secret-123" not in saved
    again = make_app()  # a restart keeps the endpoint, not the key
    assert again.settings.llm.base_url == stub.base_url and again.settings.asr == "none"


def test_a_stream_cut_without_finish_reason_is_not_an_answer(stub):
    stub.state.reply, stub.state.mode = "综合评审时间不少于三十分钟，答辩", "cut"
    with pytest.raises(LLMUnavailable, match="中途中断"):
        list(_chat(stub).stream(MSGS))


def test_a_bare_json_array_is_accepted():
    from assistant.providers.llm import FakeChat

    chat = FakeChat(['好的，结果如下：[{"point": 1, "score": 0.5}]'])
    assert chat.generate_json(MSGS) == {"points": [{"point": 1, "score": 0.5}]}


def _broken(stub):
    """A chat whose endpoint failed twice in a row: the circuit breaker is now open."""
    stub.state.mode = "error"
    chat = _chat(stub, timeout=3.0, retries=0)
    for _ in range(2):
        with pytest.raises(LLMUnavailable):
            chat.generate(MSGS)
    return chat


def test_a_dead_endpoint_is_not_called_again_for_a_while(stub):
    chat = _broken(stub)
    calls = len(stub.state.requests)
    t0 = time.monotonic()
    with pytest.raises(LLMUnavailable, match="不再调用"):
        chat.generate(MSGS)
    assert len(stub.state.requests) == calls and time.monotonic() - t0 < 0.1


def test_a_timed_out_answer_is_cancelled_and_the_next_call_starts_clean(stub):
    """The server is still writing when the deadline passes: the product closes the response (the server
    sees the client go away and stops), and the next question is answered at once."""
    stub.state.reply, stub.state.chunk, stub.state.delay_s = "很长的回答。" * 40, 2, 0.05  # ~6 s of streaming
    chat = _chat(stub, timeout=1.0, retries=0)
    t0 = time.monotonic()
    with pytest.raises(LLMUnavailable, match="秒内没有回答"):
        chat.generate(MSGS)
    assert time.monotonic() - t0 < 1.5
    deadline = time.monotonic() + 3
    while not stub.state.disconnected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stub.state.disconnected == 1 and chat.cancelled == 1
    assert len(stub.state.sent_at) < len(stub.state.reply) // 2  # it stopped long before the end
    stub.state.reply, stub.state.delay_s = "综合评审时间不少于30min〔1.9.4〕", 0.0
    assert chat.generate(MSGS) == "综合评审时间不少于30min〔1.9.4〕"


def test_the_judge_asks_the_server_for_its_schema(stub):
    """The judge's reply schema goes out as response_format (llama.cpp turns it into a grammar), with
    the point index limited to the rubric's points."""
    from assistant.scoring.judge import checklist

    stub.state.reply = '{"points": [{"index": 1, "covered": true, "evidence": "不少于30min"}, ' \
                       '{"index": 2, "covered": false, "evidence": ""}]}'
    rubric = [("综合评审时间", 50), ("评审组人数", 50)]
    flags = checklist(_chat(stub), PROMPTS, "综合评审多长时间？", rubric, "综合评审不少于30min。")
    assert flags == [True, False]
    fmt = stub.state.requests[-1]["response_format"]
    assert fmt["type"] == "json_object"
    item = fmt["schema"]["properties"]["points"]["items"]
    assert item["properties"]["index"]["enum"] == [1, 2] and fmt["schema"]["properties"]["points"]["maxItems"] == 2


def test_a_server_that_refuses_the_schema_gets_the_prompt_alone(stub):
    from assistant.scoring.judge import checklist

    stub.state.refuse_format = True
    stub.state.reply = '[{"index": 1, "covered": true, "evidence": "不少于30min"}]'
    chat = _chat(stub)
    for _ in range(2):
        assert checklist(chat, PROMPTS, "综合评审多长时间？", [("综合评审时间", 100)], "综合评审不少于30min。") == [True]
    sent = [("response_format" in r) for r in stub.state.requests]
    assert sent == [True, False, False]  # refused once, then not offered again


def test_the_breaker_says_why_once_then_marks_answers_briefly(stub):
    chat = _broken(stub)
    with pytest.raises(LLMUnavailable, match="不再调用") as first:
        chat.generate(MSGS)
    with pytest.raises(LLMUnavailable) as later:
        chat.generate(MSGS)
    assert not first.value.repeat and later.value.repeat and "不再调用" not in str(later.value)
