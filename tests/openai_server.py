"""A scriptable OpenAI-compatible chat-completions server on loopback, for tests.

Real HTTP, no mocks: the `openai` client (through langchain-openai) talks to it as it would
to any provider. Each request is answered by the next queued reply, else by a responder
function, and every request body is kept for assertions.
"""

from __future__ import annotations

import json
import socket
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from assistant.core.models import Claim, Report


@dataclass
class Reply:
    """One scripted HTTP answer: a JSON body or raw text, after an optional delay.

    Faults: `hang` never answers (until the server stops), `truncate` sends only the first
    that many bytes of a body whose Content-Length promised all of it, then hangs up.
    """

    status: int = 200
    body: dict[str, Any] | str = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    hang: bool = False
    truncate: int | None = None
    content_type: str | None = None  # default: JSON for a dict body, text for a str


Responder = Callable[[dict[str, Any]], Reply]


def chat_reply(
    content: str, prompt_tokens: int = 100, completion_tokens: int = 20, delay: float = 0.0
) -> Reply:
    """A chat.completion whose assistant message is `content`."""
    return Reply(
        body={
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": "test-model",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": content},
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        },
        delay=delay,
    )


def claims_reply(claims: list[dict[str, Any]], **kwargs: Any) -> Reply:
    """A chat.completion answering with a claim list as JSON."""
    return chat_reply(json.dumps({"claims": claims}, ensure_ascii=False), **kwargs)


def error_reply(
    status: int, message: str = "error", headers: dict[str, str] | None = None
) -> Reply:
    """An OpenAI-style error answer."""
    return Reply(
        status=status,
        body={"error": {"message": message, "type": "test_error", "code": None}},
        headers=headers or {},
    )


def hang_reply() -> Reply:
    """A server that accepts the request and never answers."""
    return Reply(hang=True)


def truncated_reply(content: str = '{"claims": [{"quote": "4,900 peo', keep: int = 60) -> Reply:
    """A chat.completion cut off mid-body: the connection drops after `keep` bytes."""
    reply = chat_reply(content)
    reply.truncate = keep
    return reply


def refusal_reply(text: str = "I'm sorry, but I can't help with that request.") -> Reply:
    """A chat.completion in which the model refuses (OpenAI's `refusal` field)."""
    reply = chat_reply("")
    assert isinstance(reply.body, dict)
    reply.body["choices"][0]["message"] = {"role": "assistant", "content": None, "refusal": text}
    return reply


def context_overflow_reply() -> Reply:
    """HTTP 400 as OpenAI and llama.cpp send it when the messages exceed the context."""
    return Reply(
        status=400,
        body={
            "error": {
                "message": "This model's maximum context length is 4096 tokens. However, your "
                "messages resulted in 5210 tokens. Please reduce the length of the messages.",
                "type": "invalid_request_error",
                "param": "messages",
                "code": "context_length_exceeded",
            }
        },
    )


def refused_base_url() -> str:
    """An OpenAI base URL on a loopback port nobody listens on: connections are refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def user_text(request: dict[str, Any]) -> str:
    """All user-message text of a chat request, joined."""
    parts = []
    for m in request.get("messages", []):
        if m.get("role") == "user":
            c = m.get("content")
            parts.append(c if isinstance(c, str) else json.dumps(c, ensure_ascii=False))
    return "\n".join(parts)


def is_reask(request: dict[str, Any]) -> bool:
    """A follow-up turn: the request carries an earlier assistant answer."""
    return any(m.get("role") == "assistant" for m in request.get("messages", []))


class OpenAIServer:
    """A ThreadingHTTPServer on 127.0.0.1 (a free port) answering /v1/chat/completions."""

    def __init__(self, responder: Responder | None = None) -> None:
        self.responder = responder
        self.queue: deque[Reply] = deque()
        self.requests: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.headers: list[dict[str, str]] = []  # of each chat request, names lower-cased
        self.inflight = 0
        self.max_inflight = 0
        self._lock = threading.Lock()
        self._released = threading.Event()  # set on stop: hanging answers end
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        """The OpenAI base URL of this server."""
        port = self._httpd.server_address[1]
        return f"http://127.0.0.1:{port}/v1"

    @property
    def count(self) -> int:
        """How many chat requests arrived so far."""
        with self._lock:
            return len(self.requests)

    def push(self, *replies: Reply) -> None:
        """Queue replies, answered in order before the responder is asked."""
        with self._lock:
            self.queue.extend(replies)

    def start(self) -> OpenAIServer:
        """Serve in a background thread."""
        self._thread.start()
        return self

    @property
    def hanging(self) -> int:
        """Requests in flight now (a hanging reply stays in flight until the server stops)."""
        with self._lock:
            return self.inflight

    def stop(self) -> None:
        """Stop serving and free the port."""
        self._released.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> OpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _next(self, request: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self.queue:
                return self.queue.popleft()
        if self.responder is None:
            return error_reply(500, "no scripted reply")
        return self.responder(request)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep the test output clean

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    self._send(Reply(body={"object": "list", "data": [{"id": "test-model"}]}))
                else:
                    self._send(error_reply(404, "not found"))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if not self.path.split("?")[0].endswith("/chat/completions"):
                    self._send(error_reply(404, f"no route {self.path}"))
                    return
                with server._lock:
                    server.paths.append(self.path)
                    server.headers.append({k.lower(): v for k, v in self.headers.items()})
                    server.inflight += 1
                    server.max_inflight = max(server.max_inflight, server.inflight)
                try:
                    reply = server._next(json.loads(raw or b"{}"))
                    if reply.hang:
                        server._released.wait()
                        self.close_connection = True
                        return
                    if reply.delay:
                        # Interrupted by stop(), so a slow answer never outlives its test.
                        server._released.wait(reply.delay)
                    self._send(reply)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing to answer
                finally:
                    with server._lock:
                        server.inflight -= 1

            def _send(self, reply: Reply) -> None:
                if isinstance(reply.body, str):
                    data, ctype = reply.body.encode("utf-8"), "text/plain"
                else:
                    data, ctype = json.dumps(reply.body).encode("utf-8"), "application/json"
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type or ctype)
                self.send_header("Content-Length", str(len(data)))
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                if reply.truncate is not None:
                    self.wfile.write(data[: reply.truncate])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.wfile.write(data)

        return Handler


# --- answers for wires -----------------------------------------------------------------------


def answer_from_claims(claims: Sequence[Claim]) -> list[dict[str, Any]]:
    """The answer an ideal model would give: the claims in the schema, part_of by index."""
    index = {c.id: i for i, c in enumerate(claims)}
    return [
        {
            "quote": c.quote,
            "number_text": c.number_text,
            "value": c.value,
            "qualifier": c.qualifier.value,
            "unit": c.unit,
            "metric": c.metric.value,
            "counts": c.counts,
            "scope": c.scope.value,
            "period": c.period,
            "location": c.location,
            "source": c.source,
            "part_of": index.get(c.part_of) if c.part_of else None,
            "complete_breakdown": c.complete_breakdown,
            "projection": c.projection,
        }
        for c in claims
    ]


def answer_from_gold(gold: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The answer an ideal model would give for one wire's annotated claims."""
    index = {g["id"]: i for i, g in enumerate(gold)}
    keys = ("quote", "number_text", "value", "qualifier", "unit", "metric", "counts", "scope")
    return [
        {
            **{k: g[k] for k in keys},
            "period": g["period"],
            "location": g["location"],
            "source": g["source"],
            "part_of": index.get(g["part_of"]) if g["part_of"] else None,
            "complete_breakdown": False,
            "projection": bool(g.get("projection", False)),
        }
        for g in gold
    ]


def wire_of(request: dict[str, Any], reports: Sequence[Report]) -> Report:
    """The report whose body the request carries (the longest, if bodies nest)."""
    text = user_text(request)
    found = [r for r in reports if r.body in text]
    assert found, "the request carries none of the known wires"
    return max(found, key=lambda r: len(r.body))


def wire_responder(
    reports: Sequence[Report],
    first: Callable[[Report], list[dict[str, Any]]],
    reask: Callable[[Report], list[dict[str, Any]]] | None = None,
) -> Responder:
    """Answer each wire with `first(report)`, and a reask with `reask(report)` (or first)."""

    def respond(request: dict[str, Any]) -> Reply:
        report = wire_of(request, reports)
        make = reask if reask is not None and is_reask(request) else first
        return claims_reply(make(report))

    return respond
