"""Chat models behind one small interface, with a deadline, bounded retries and a fake.

Modes: none (no model: the tutor answers offline), openai (any OpenAI-compatible endpoint),
ollama (native), local (a GGUF file through llama-cpp-python), fake (scripted, for tests).
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import random
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator

Messages = list[dict]  # [{"role": "system"|"user"|"assistant", "content": str}]


class LLMUnavailable(Exception):
    """The model did not answer usefully in time; str() is a Chinese notice for the user. `repeat`: the
    user was already told why (the circuit breaker is open), so a short mark is enough."""

    def __init__(self, message: str = "", repeat: bool = False) -> None:
        super().__init__(message)
        self.repeat = repeat


class ChatModel(ABC):
    name: str = "chat"

    @abstractmethod
    def generate(self, messages: Messages, schema: dict | None = None) -> str:
        """The whole reply. `schema`: a JSON schema the reply must follow, enforced by the server where it
        can (llama.cpp turns it into a grammar; Ollama takes it as `format`); others get the prompt alone."""

    def stream(self, messages: Messages, schema: dict | None = None) -> Iterator[str]:
        yield self.generate(messages, schema)

    def generate_json(self, messages: Messages, schema: dict | None = None) -> dict:
        """Structured output: one JSON object, or a bare array (small models often reply with the list
        itself), which comes back as {"points": [...]}. Checked here, not trusted."""
        text = self.generate(messages, schema).strip()
        data = None
        pairs = sorted((("{", "}"), ("[", "]")), key=lambda p: text.find(p[0]) % (len(text) + 1))
        for first, last in pairs:  # whichever opens first: an array of objects is a list, not its first object
            start, end = text.find(first), text.rfind(last)
            if start < 0 or end < start:
                continue
            try:
                data = json.loads(text[start : end + 1])
            except ValueError:
                continue
            if isinstance(data, list):
                data = {"points": data}
            break
        if not isinstance(data, dict):
            raise LLMUnavailable("模型没有返回合法的 JSON")
        return data


class FakeChat(ChatModel):
    """Scripted replies in order (`enqueue`); an Exception in the script is raised instead."""

    name = "fake"

    def __init__(self, replies: list | None = None, chunk: int = 4) -> None:
        self.replies: list = list(replies or [])
        self.calls: list[Messages] = []
        self.schemas: list[dict | None] = []  # the schema asked for with each call
        self.chunk = chunk

    def enqueue(self, replies: list) -> None:
        self.replies.extend(replies)

    def generate(self, messages: Messages, schema: dict | None = None) -> str:
        self.calls.append(messages)
        self.schemas.append(schema)
        reply = self.replies.pop(0) if self.replies else "（无脚本回复）"
        if isinstance(reply, Exception):
            raise reply
        return reply

    def stream(self, messages: Messages, schema: dict | None = None) -> Iterator[str]:
        text = self.generate(messages, schema)
        for i in range(0, len(text), self.chunk):
            yield text[i : i + self.chunk]


class LangChainChat(ChatModel):
    """Any LangChain chat model (ChatOpenAI, ChatOllama); messages go through LCEL-compatible calls."""

    def __init__(self, model, name: str, require_finish: bool = False,
                 schema_kwargs: Callable[[dict], dict] | None = None) -> None:
        self._model = model
        self.name = name
        self.require_finish = require_finish  # real servers end a stream with a finish reason
        self.schema_kwargs = schema_kwargs  # schema -> request arguments that make the server enforce it
        self.schema_refused = False  # the server rejected those arguments once: send the prompt alone

    def _bound(self, schema: dict | None):
        if schema is None or self.schema_kwargs is None or self.schema_refused:
            return self._model
        return self._model.bind(**self.schema_kwargs(schema))

    @staticmethod
    def _lc(messages: Messages):
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
        return [kinds[m["role"]](content=m["content"]) for m in messages]

    def generate(self, messages: Messages, schema: dict | None = None) -> str:
        content = "".join(self.stream(messages, schema))
        if not content.strip():
            raise LLMUnavailable("模型返回了空回答或无法识别的内容")
        return content

    def stream(self, messages: Messages, schema: dict | None = None) -> Iterator[str]:
        """Chunks as they come; a stream that stops without the server's finish reason was cut off."""
        model = self._bound(schema)
        chunks = model.stream(self._lc(messages))
        try:
            first = next(chunks, None)
        except Exception as exc:
            if model is self._model or not _rejected(exc):
                raise
            self.schema_refused = True  # e.g. a hosted API that does not take a schema: the prompt asks too
            chunks = self._model.stream(self._lc(messages))
            first = next(chunks, None)
        try:
            yield from self._read(itertools.chain([] if first is None else [first], chunks))
        finally:
            chunks.close()  # closes the HTTP response when the reader stops early

    def _read(self, chunks) -> Iterator[str]:
        finished = None
        for chunk in chunks:
            meta = getattr(chunk, "response_metadata", None) or {}
            finished = meta.get("finish_reason") or meta.get("done_reason") or finished
            if isinstance(chunk.content, str) and chunk.content:
                yield chunk.content
        if finished is None and self.require_finish:
            raise LLMUnavailable("模型的回答中途中断（连接在回答完成前断开）")
        if finished == "length":
            raise LLMUnavailable("模型的回答超出长度上限被截断")


class LlamaCppChat(ChatModel):
    """A local GGUF model (extra `local-llm`); loaded once, CPU only."""

    def __init__(self, path: str, threads: int = 2, max_tokens: int = 512) -> None:
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise LLMUnavailable("本地模型需要安装扩展：pip install -e '.[local-llm]'") from exc
        if not os.path.isfile(path):
            raise LLMUnavailable(f"找不到本地模型文件：{path}")
        self._llm = Llama(model_path=path, n_ctx=4096, n_threads=threads, verbose=False)
        self.max_tokens = max_tokens
        self.name = f"local:{os.path.basename(path)}"

    def generate(self, messages: Messages, schema: dict | None = None) -> str:
        return "".join(self.stream(messages, schema))

    def stream(self, messages: Messages, schema: dict | None = None) -> Iterator[str]:
        fmt = {"type": "json_object", "schema": schema} if schema else None
        for part in self._llm.create_chat_completion(messages=messages, max_tokens=self.max_tokens,
                                                     temperature=0.2, stream=True, response_format=fmt):
            if text := part["choices"][0]["delta"].get("content"):
                yield text


class ResilientChat(ChatModel):
    """Deadline + bounded retries with exponential backoff around another model.

    Every failure surfaces as LLMUnavailable within `timeout_s` (plus one backoff), so callers
    can fall back to the offline answer instead of hanging."""

    BREAK_AFTER = 2  # consecutive failed calls that open the circuit...
    BREAK_S = 60.0  # ...for this long: a dead endpoint is not called (and waited for) on every question

    def __init__(self, inner: ChatModel, timeout_s: float, retries: int, backoff_s: float = 0.5) -> None:
        self.inner, self.timeout_s, self.retries, self.backoff_s = inner, timeout_s, retries, backoff_s
        self.name = inner.name
        self._failures, self._open_until, self._told = 0, 0.0, False
        self.cancelled = 0  # inner streams closed early (timed out or abandoned), for tests and diagnostics

    def reset(self) -> None:
        """Close the circuit: the endpoint is to be tried again now (a new server, a measurement)."""
        self._failures, self._open_until, self._told = 0, 0.0, False

    def _refuse_if_open(self) -> None:
        """The circuit breaker: while open, fail fast instead of waiting for a dead endpoint."""
        if time.monotonic() < self._open_until:
            told, self._told = self._told, True  # the reason is said once per opening, not on every question
            raise LLMUnavailable("模型服务暂停调用中" if told else
                                 f"模型服务刚才连续失败，{self.BREAK_S:g} 秒内不再调用", repeat=told)

    def _count(self, failed: bool) -> None:
        self._failures = self._failures + 1 if failed else 0
        if self._failures >= self.BREAK_AFTER:
            self._open_until, self._told = time.monotonic() + self.BREAK_S, False

    def generate(self, messages: Messages, schema: dict | None = None) -> str:
        self._refuse_if_open()
        try:
            result = self._generate(messages, schema)
        except LLMUnavailable:
            self._count(failed=True)
            raise
        self._count(failed=False)
        return result

    def _generate(self, messages: Messages, schema: dict | None) -> str:
        """The whole answer within the deadline, read as a stream so that a late answer can be cancelled."""
        deadline = time.monotonic() + self.timeout_s
        last: Exception | None = None
        for attempt in range(self.retries + 1):
            if deadline - time.monotonic() <= 0:
                break
            try:
                text = "".join(self._pumped(messages, self.timeout_s, deadline, schema))
                if text.strip():
                    return text
                last = LLMUnavailable("模型返回了空回答或无法识别的内容")
            except _Deadline:
                raise LLMUnavailable(f"模型在 {self.timeout_s:g} 秒内没有回答") from None
            except Exception as exc:  # HTTP errors, bad payloads, a cut stream: retry, then give up
                if _is_timeout(exc):  # the client's own timeout can fire a moment before ours
                    raise LLMUnavailable(f"模型在 {self.timeout_s:g} 秒内没有回答") from None
                last = exc
            if attempt < self.retries:  # no sleep after the last attempt; jitter spreads retries out
                pause = self.backoff_s * 2**attempt * random.uniform(0.5, 1.0)
                time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
        if isinstance(last, LLMUnavailable):
            raise last
        raise LLMUnavailable(f"模型服务不可用（{type(last).__name__ if last else '超时'}）")

    def stream(self, messages: Messages, schema: dict | None = None) -> Iterator[str]:
        """Chunks as they arrive; the first chunk must come within the deadline, later gaps too."""
        self._refuse_if_open()
        try:
            yield from self._stream(messages, schema)
        except LLMUnavailable:
            self._count(failed=True)
            raise
        self._count(failed=False)

    def _stream(self, messages: Messages, schema: dict | None) -> Iterator[str]:
        got_any = False
        try:
            for item in self._pumped(messages, self.timeout_s, schema=schema):
                got_any = True
                yield item
        except _Deadline:
            raise LLMUnavailable(f"模型在 {self.timeout_s:g} 秒内没有继续输出") from None
        except LLMUnavailable:  # the inner model's own notice (e.g. a cut-off stream)
            raise
        except Exception as exc:
            if _is_timeout(exc):
                raise LLMUnavailable(f"模型在 {self.timeout_s:g} 秒内没有继续输出") from exc
            if got_any:  # e.g. the server died mid-answer: what came is not an answer
                raise LLMUnavailable(f"模型的回答中途中断（{type(exc).__name__}）") from exc
            raise LLMUnavailable(f"模型服务出错（{type(exc).__name__}）") from exc
        if not got_any:
            raise LLMUnavailable("模型返回了空回答")

    def _pumped(self, messages: Messages, gap_s: float, deadline: float | None = None,
                schema: dict | None = None) -> Iterator[str]:
        """The inner stream read by a worker thread, so that waiting is bounded: _Deadline when no chunk comes
        within `gap_s` or the deadline passes; the inner model's exception as it is. However this ends (done,
        timed out, or the caller stops reading), the inner stream is closed at its next chunk, which closes the
        HTTP response, so the server stops generating and the next call starts clean."""
        q: queue.Queue = queue.Queue()
        done, stop = object(), threading.Event()

        def pump() -> None:
            parts = self.inner.stream(messages, schema)
            try:
                for part in parts:
                    if stop.is_set():
                        break
                    q.put(part)
            except Exception as exc:
                q.put(exc)
            finally:
                parts.close()
                self.cancelled += stop.is_set()
                q.put(done)

        threading.Thread(target=pump, daemon=True, name="llm-stream").start()
        try:
            while True:
                wait = gap_s if deadline is None else min(gap_s, deadline - time.monotonic())
                try:
                    item = q.get(timeout=max(0.0, wait))
                except queue.Empty:
                    raise _Deadline() from None
                if item is done:
                    return
                if isinstance(item, Exception):
                    raise item
                yield item
        finally:
            stop.set()


def _rejected(exc: Exception) -> bool:
    """The server refused the request itself (400/404/422), as a server that knows no schema does."""
    status = getattr(exc, "status_code", None) or getattr(getattr(exc, "response", None), "status_code", None)
    return status in (400, 404, 422) or any(k in type(exc).__name__ for k in ("BadRequest", "Unprocessable"))


class _Deadline(Exception):
    """No chunk within the allowed gap, or the whole-answer deadline passed."""


def _is_timeout(exc: Exception) -> bool:
    return isinstance(exc, TimeoutError) or "Timeout" in type(exc).__name__


def make_chat(llm) -> ChatModel | None:
    """The one factory for chat models, keyed by `llm.mode`; heavy imports stay inside each branch."""
    if llm.mode == "none":
        return None
    if llm.mode == "fake":
        return FakeChat()
    if llm.mode == "openai":
        from langchain_openai import ChatOpenAI

        key = os.environ.get(llm.api_key_env) or "not-needed"
        inner = LangChainChat(ChatOpenAI(model=llm.model, base_url=llm.base_url or None, api_key=key,
                                         temperature=llm.temperature, timeout=llm.timeout_s, max_retries=0),
                              f"openai:{llm.model}", require_finish=True,
                              # llama.cpp's servers turn a schema into a grammar; extra_body keeps LangChain's
                              # plain streaming path (a response_format argument would switch to its beta parser)
                              schema_kwargs=lambda s: {"extra_body": {"response_format":
                                                                      {"type": "json_object", "schema": s}}})
    elif llm.mode == "ollama":
        from langchain_ollama import ChatOllama

        inner = LangChainChat(ChatOllama(model=llm.model, base_url=llm.base_url or None,
                                         temperature=llm.temperature), f"ollama:{llm.model}", require_finish=True,
                              schema_kwargs=lambda s: {"format": s})
    elif llm.mode == "local":
        inner = LlamaCppChat(llm.local_model_path)
    else:
        raise ValueError(f"未知的 LLM 模式：{llm.mode}")
    return ResilientChat(inner, llm.timeout_s, llm.retries)


def check_connection(llm, api_key: str = "") -> str:
    """Ask the endpoint for one short reply; returns a Chinese success line or raises AssistantError."""
    from ..errors import AssistantError

    if llm.mode == "none":
        raise AssistantError("当前为离线模式（不使用大模型），无需测试连接。")
    if llm.mode in ("openai", "ollama") and not llm.model:
        raise AssistantError("请填写模型名称，例如 deepseek-chat、qwen-plus 或 qwen2.5:7b。")
    saved = os.environ.get(llm.api_key_env)
    if api_key:
        os.environ[llm.api_key_env] = api_key
    started = time.monotonic()
    try:
        reply = make_chat(llm.model_copy(update={"retries": 0, "timeout_s": min(llm.timeout_s, 15.0)})).generate(
            [{"role": "user", "content": "请只回复“连接成功”四个字。"}])
    except LLMUnavailable as err:
        raise AssistantError(f"连接失败：{err}") from err
    except Exception as err:  # bad URL scheme, missing package: say what it was
        raise AssistantError(f"连接失败：{type(err).__name__}: {err}") from err
    finally:
        if api_key:
            if saved is None:
                os.environ.pop(llm.api_key_env, None)
            else:
                os.environ[llm.api_key_env] = saved
    return f"连接成功：{time.monotonic() - started:.1f} 秒收到回复“{reply.strip()[:40]}”。"
