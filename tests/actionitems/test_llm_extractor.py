"""The LLM extractor against a real HTTP server on 127.0.0.1 that plays the model."""

import json
import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from actionitems.extraction.llm import LLMConfig, LLMExtractor
from actionitems.extraction.llm_items import LLM_CONFIDENCE
from actionitems.extraction.types import Candidate, Message

API_KEY = "sk-test-secret-0123456789"
MEMBERS = {"u1": "mira", "u2": "tobias"}
MESSAGES = [
    Message(
        id="m1",
        author_id="u1",
        author_name="mira",
        content="<@u2> can you bump the SDK to 4.2 before Friday's build?",
        timestamp=datetime(2026, 3, 2, 9, 15, tzinfo=UTC),
        mentions=("u2",),
    ),
    Message(
        id="m2",
        author_id="u2",
        author_name="tobias",
        content="sure, and I'll fix the login crash ASAP",
        timestamp=datetime(2026, 3, 2, 9, 17, tzinfo=UTC),
        reply_to="m1",
    ),
]
SDK_ITEM = {
    "message_id": "m1",
    "text": "Bump the SDK to 4.2",
    "summary": "Bump SDK",
    "priority": "medium",
    "category": "project",
    "assignee": "u2",
    "due": "2026-03-06",
}
CRASH_ITEM = {
    "message_id": "m2",
    "text": "Fix the login crash",
    "summary": "Fix login crash",
    "priority": "high",
    "category": "bug",
    "assignee": "u2",
    "due": None,
}


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    delay: float = 0.0


@dataclass
class StubServer:
    """Answers every POST with ``reply`` and keeps what it received."""

    url: str
    reply: Reply = field(default_factory=Reply)
    requests: list[dict] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)

    def answer(self, content: str, *, status: int = 200, delay: float = 0.0) -> None:
        """Reply with a chat completion whose assistant message is ``content``."""
        completion = {
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]
        }
        self.reply = Reply(status=status, body=json.dumps(completion).encode(), delay=delay)

    def answer_items(self, *items: dict) -> None:
        self.answer(json.dumps({"items": list(items)}))


def _handler(stub: StubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            stub.requests.append(
                {"path": self.path, "headers": dict(self.headers), "body": json.loads(body)}
            )
            # Waits on an event so the teardown can cut a slow reply short.
            stub.released.wait(stub.reply.delay)
            self.send_response(stub.reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(stub.reply.body)))
            self.end_headers()
            self.wfile.write(stub.reply.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def stub():
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    stub = StubServer(url=f"http://127.0.0.1:{server.server_address[1]}/v1")
    server.RequestHandlerClass = _handler(stub)
    # A short poll interval lets shutdown() return at once instead of after 0.5 s.
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield stub
    stub.released.set()
    server.shutdown()
    server.server_close()


class MarkerFallback:
    """Stands in for the rules engine with one recognisable candidate."""

    def __init__(self) -> None:
        self.calls = 0

    def extract(self, messages, *, members, channel_name=""):
        self.calls += 1
        return [Candidate("m1", "from the fallback", "fallback", "low", "general", None, None)]


@pytest.fixture
def fallback() -> MarkerFallback:
    return MarkerFallback()


def _extractor(url: str, fallback: MarkerFallback, **config) -> LLMExtractor:
    return LLMExtractor(LLMConfig(base_url=url, model="tiny-model", **config), fallback=fallback)


def _extract(extractor: LLMExtractor) -> list[Candidate]:
    return extractor.extract(MESSAGES, members=MEMBERS, channel_name="dev-chat")


def _fell_back(candidates: list[Candidate], fallback: MarkerFallback) -> bool:
    return fallback.calls == 1 and [c.text for c in candidates] == ["from the fallback"]


def test_items_become_candidates(stub, fallback):
    stub.answer_items(SDK_ITEM, CRASH_ITEM)

    candidates = _extract(_extractor(stub.url, fallback))

    assert candidates == [
        Candidate(
            "m1", "Bump the SDK to 4.2", "Bump SDK", "medium", "project", "u2",
            date(2026, 3, 6), LLM_CONFIDENCE,
        ),
        Candidate(
            "m2", "Fix the login crash", "Fix login crash", "high", "bug", "u2", None,
            LLM_CONFIDENCE,
        ),
    ]  # fmt: skip
    assert fallback.calls == 0


def test_an_empty_item_list_is_an_answer(stub, fallback):
    stub.answer_items()

    assert _extract(_extractor(stub.url, fallback)) == []
    assert fallback.calls == 0


def test_request_carries_model_conversation_and_key(stub, fallback):
    stub.answer_items()

    _extract(_extractor(stub.url + "/", fallback, api_key=API_KEY))

    [request] = stub.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == f"Bearer {API_KEY}"
    body = request["body"]
    assert body["model"] == "tiny-model"
    assert body["temperature"] == 0
    assert body["response_format"] == {"type": "json_object"}
    system, user = body["messages"]
    assert system["role"] == "system"
    assert "action item" in system["content"]
    assert user["role"] == "user"
    conversation = json.loads(user["content"])
    assert conversation["channel"] == "dev-chat"
    assert conversation["members"] == MEMBERS
    assert conversation["messages"][1] == {
        "id": "m2",
        "author": "u2",
        "author_name": "tobias",
        "ts": "2026-03-02T09:17:00Z (Monday)",
        "mentions": [],
        "reply_to": "m1",
        "content": "sure, and I'll fix the login crash ASAP",
    }
    assert conversation["messages"][0]["mentions"] == ["u2"]


def test_no_key_sends_no_authorization_header(stub, fallback):
    stub.answer_items()

    _extract(_extractor(stub.url, fallback))

    assert "Authorization" not in stub.requests[0]["headers"]


@pytest.mark.parametrize(
    "bad",
    [
        {"message_id": "m9"},
        {"message_id": None},
        {"assignee": "u7"},
        {"priority": "urgent"},
        {"category": "chore"},
        {"due": "2026-02-30"},
        {"due": "Friday"},
        {"due": "20260306"},
        {"text": "   "},
        {"text": None},
        {"summary": 42},
    ],
)
def test_an_invalid_item_is_dropped_alone(stub, fallback, bad):
    stub.answer_items({**SDK_ITEM, **bad}, CRASH_ITEM, "not an object")

    candidates = _extract(_extractor(stub.url, fallback))

    assert [c.message_id for c in candidates] == ["m2"]
    assert fallback.calls == 0


def test_fields_are_normalised(stub, fallback):
    long_text = "  Write the " + "very " * 150 + "long release notes  "
    item = {**SDK_ITEM, "text": long_text, "priority": " High", "category": "BUG"}
    del item["summary"]
    stub.answer_items({**item, "assignee": None, "due": None})

    [candidate] = _extract(_extractor(stub.url, fallback))

    assert candidate.text.startswith("Write the very")
    assert len(candidate.text) <= 500
    assert candidate.summary == candidate.text[:200].rstrip()
    assert (candidate.priority, candidate.category) == ("high", "bug")
    assert (candidate.assignee, candidate.due) == (None, None)


def test_fenced_json_is_accepted(stub, fallback):
    stub.answer("Here you go:\n```json\n" + json.dumps({"items": [SDK_ITEM]}) + "\n```\n")

    [candidate] = _extract(_extractor(stub.url, fallback))

    assert candidate.text == "Bump the SDK to 4.2"
    assert fallback.calls == 0


def test_server_error_falls_back(stub, fallback, caplog):
    stub.answer(json.dumps({"items": [SDK_ITEM]}), status=500)

    with caplog.at_level(logging.WARNING):
        candidates = _extract(_extractor(stub.url, fallback, api_key=API_KEY))

    assert _fell_back(candidates, fallback)
    assert "500" in caplog.text
    assert API_KEY not in caplog.text


@pytest.mark.parametrize(
    "content",
    [
        '{"items": [',
        "Sorry, I can't help with that.",
        '{"tasks": []}',
        '["items"]',
    ],
)
def test_malformed_json_falls_back(stub, fallback, caplog, content):
    stub.answer(content)

    with caplog.at_level(logging.WARNING):
        candidates = _extract(_extractor(stub.url, fallback, api_key=API_KEY))

    assert _fell_back(candidates, fallback)
    assert "UnparseableResponse" in caplog.text
    assert API_KEY not in caplog.text


def test_a_body_that_is_no_chat_completion_falls_back(stub, fallback):
    stub.reply = Reply(body=b"<html>gateway</html>")

    assert _fell_back(_extract(_extractor(stub.url, fallback)), fallback)


def test_timeout_falls_back_within_the_timeout(stub, fallback, caplog):
    stub.answer_items(SDK_ITEM)
    stub.reply.delay = 3.0

    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        candidates = _extract(_extractor(stub.url, fallback, timeout_seconds=0.5))

    assert time.monotonic() - started < 1.5
    assert _fell_back(candidates, fallback)
    assert "Timeout" in caplog.text


def test_connection_refused_falls_back(fallback, caplog):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port once the probe is closed.

    with caplog.at_level(logging.WARNING):
        candidates = _extract(_extractor(f"http://127.0.0.1:{port}/v1", fallback, api_key=API_KEY))

    assert _fell_back(candidates, fallback)
    assert "ConnectError" in caplog.text
    assert API_KEY not in caplog.text


def test_an_empty_conversation_asks_nobody(stub, fallback):
    assert _extractor(stub.url, fallback).extract([], members=MEMBERS) == []
    assert (stub.requests, fallback.calls) == ([], 0)


def test_config_repr_hides_the_key():
    assert API_KEY not in repr(LLMConfig("http://x", "m", api_key=API_KEY))
