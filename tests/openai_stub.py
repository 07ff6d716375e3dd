"""A real HTTP server on loopback speaking the OpenAI chat-completions protocol (JSON and SSE)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class StubState:
    def __init__(self) -> None:
        self.reply = "好的〔1.9.4〕"
        self.mode = "ok"  # ok | error | garbage | slow | empty
        self.delay_s = 0.0  # before answering (slow mode) or between SSE chunks
        self.chunk = 3  # characters per SSE chunk
        self.requests: list[dict] = []
        self.sent_at: list[float] = []  # monotonic time each SSE chunk was written
        self.disconnected = 0  # streams the client closed before the end (a cancelled request)
        self.refuse_format = False  # answer 400 to a request with response_format, as some hosted APIs do
        self.route = None  # optional (request body) -> reply text, e.g. one reply for the judge, another for the tutor


def _handler(state: StubState):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test output clean
            pass

        def do_POST(self) -> None:  # noqa: N802 (http.server naming)
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            state.requests.append(body)
            if state.mode == "slow":
                time.sleep(state.delay_s)
            if state.refuse_format and "response_format" in body:
                return self._send(400, b'{"error": {"message": "response_format is not supported"}}')
            if state.mode == "error":
                return self._send(500, b'{"error": {"message": "boom"}}')
            if state.mode == "garbage":
                return self._send(200, b"<html>not json</html>")
            text = "" if state.mode == "empty" else (state.route and state.route(body)) or state.reply
            if body.get("stream"):
                return self._stream(body, text)
            payload = {"id": "c1", "object": "chat.completion", "created": 0, "model": body.get("model", "m"),
                       "choices": [{"index": 0, "finish_reason": "stop",
                                    "message": {"role": "assistant", "content": text}}],
                       "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
            self._send(200, json.dumps(payload, ensure_ascii=False).encode())

        def _send(self, status: int, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, body: dict, text: str) -> None:
            try:
                self._sse(body, text)
            except (BrokenPipeError, ConnectionResetError):  # the client went away: stop generating
                state.disconnected += 1

        def _sse(self, body: dict, text: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for i in range(0, len(text), state.chunk):
                if state.mode == "cut" and i:  # the server dies mid-answer: no finish_reason, no [DONE]
                    return
                delta = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": body.get("model", "m"),
                         "choices": [{"index": 0, "delta": {"content": text[i : i + state.chunk]}, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(delta, ensure_ascii=False)}\n\n".encode())
                self.wfile.flush()
                state.sent_at.append(time.monotonic())
                time.sleep(state.delay_s)
            end = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": body.get("model", "m"),
                   "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            self.wfile.write(f"data: {json.dumps(end)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

    return Handler


class OpenAIStub:
    def __init__(self) -> None:
        self.state = StubState()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/v1"

    def __enter__(self) -> OpenAIStub:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
