"""The SDK's retry decisions, error mapping and webhook checks, without a server."""

import base64
import hashlib
import hmac
import json

import httpx
import pytest

import noteticketing
from noteticketing.sdk.retries import (
    BACKOFF_MAX_SECONDS,
    MAX_RETRY_AFTER_SECONDS,
    backoff,
    parse_retry_after,
    retry_wait,
)

SECRET = "whsec_" + base64.b64encode(b"k" * 32).decode()
BODY = b'{"id": "evt_1", "event": "ping", "guild_id": "123456789"}'
NOW = 1_700_000_000


def _envelope(status: int, code: str, **headers: str) -> httpx.Response:
    error = {"code": code, "message": "no", "details": {}, "request_id": "req_abc123"}
    return httpx.Response(status, json={"error": error}, headers=headers)


def _client(*answers, max_retries: int = 2):
    """A client whose requests get ``answers`` in turn (a response, or an exception)."""
    sent, waits = [], []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        answer = answers[len(sent) - 1]
        if isinstance(answer, Exception):
            raise answer
        return answer

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = noteticketing.Client(
        api_key="ntk_test", base_url="http://api.test/v1", http_client=http, max_retries=max_retries
    )
    client._sleep = waits.append
    return client, sent, waits


# --- decisions ---------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "HEAD", "OPTIONS", "POST", "PATCH"])
def test_a_429_is_retried_for_every_method_after_retry_after(method):
    assert retry_wait(method, 429, 3.0, attempt=0) == 3.0


@pytest.mark.parametrize("status", [500, 502, 503, None])
def test_server_errors_and_lost_connections_are_retried_for_idempotent_methods_only(status):
    for method in ("GET", "PUT", "DELETE", "HEAD", "OPTIONS"):
        assert retry_wait(method, status, None, attempt=0) is not None
    for method in ("POST", "PATCH"):
        assert retry_wait(method, status, None, attempt=0) is None


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 413])
def test_client_errors_are_not_retried(status):
    assert retry_wait("GET", status, None, attempt=0) is None


def test_a_retry_after_beyond_the_cap_is_not_waited_out():
    assert retry_wait("GET", 429, MAX_RETRY_AFTER_SECONDS + 1, attempt=0) is None
    assert retry_wait("GET", 503, 7.0, attempt=0) == 7.0


def test_backoff_doubles_with_jitter_up_to_a_ceiling():
    assert [backoff(attempt, rand=1.0) for attempt in range(3)] == [0.5, 1.0, 2.0]
    assert backoff(0, rand=0.0) == 0.25
    assert backoff(30, rand=1.0) == BACKOFF_MAX_SECONDS


def test_retry_after_as_seconds_or_an_http_date():
    assert parse_retry_after("2") == 2.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:05 GMT", now=1445412480) == 5.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


# --- the client's loop -------------------------------------------------------------


def test_a_get_is_retried_through_5xx_and_a_dropped_connection():
    client, sent, waits = _client(
        _envelope(503, "SERVICE_UNAVAILABLE"),
        httpx.ConnectError("refused"),
        httpx.Response(200, json={"guilds": [], "total": 0}),
    )

    assert client.guilds.list() == {"guilds": [], "total": 0}
    assert len(sent) == 3
    assert len(waits) == 2


def test_a_post_is_not_retried_after_a_500():
    client, sent, waits = _client(_envelope(500, "INTERNAL_ERROR"))

    with pytest.raises(noteticketing.ServerError) as error:
        client.action_items.create("1", channel_id="2", text="x")

    assert (error.value.status, error.value.code, error.value.request_id) == (
        500,
        "INTERNAL_ERROR",
        "req_abc123",
    )
    assert (len(sent), waits) == (1, [])


def test_a_post_is_retried_after_a_429():
    client, sent, waits = _client(
        _envelope(429, "RATE_LIMITED", **{"Retry-After": "2"}),
        httpx.Response(201, json={"id": "abc123def456"}),
    )

    assert client.action_items.create("1", channel_id="2", text="x") == {"id": "abc123def456"}
    assert waits == [2.0]
    assert sent[0].content == sent[1].content


def test_retries_stop_at_max_retries():
    client, sent, _ = _client(*[_envelope(503, "SERVICE_UNAVAILABLE")] * 3, max_retries=1)

    with pytest.raises(noteticketing.ServerError):
        client.guilds.list()

    assert len(sent) == 2


def test_a_connection_never_made_is_an_api_connection_error():
    client, _, _ = _client(httpx.ConnectError("refused"), max_retries=0)

    with pytest.raises(noteticketing.APIConnectionError) as error:
        client.guilds.list()

    assert error.value.status is None


def test_an_answer_without_the_envelope_still_maps_by_status():
    client, _, _ = _client(
        httpx.Response(404, text="<html>nope</html>", headers={"X-Request-ID": "req_proxy"})
    )

    with pytest.raises(noteticketing.NotFoundError) as error:
        client.guilds.get("1")

    assert (error.value.code, error.value.request_id) == ("HTTP_404", "req_proxy")


def test_requests_carry_the_key_and_drop_unset_parameters():
    client, sent, _ = _client(httpx.Response(200, json={"action_items": []}))

    client.action_items.list(guild_id="123", status="pending", priority=None)

    assert sent[0].headers["Authorization"] == "Bearer ntk_test"
    assert str(sent[0].url) == "http://api.test/v1/guilds/123/action-items?status=pending"


def test_ids_are_escaped_in_paths():
    client, sent, _ = _client(httpx.Response(200, json={}))

    client.action_items.get("123", "../config")

    assert sent[0].url.raw_path == b"/v1/guilds/123/action-items/..%2Fconfig"


def test_an_error_class_per_status():
    classes = {
        400: noteticketing.ValidationError,
        401: noteticketing.AuthenticationError,
        403: noteticketing.PermissionDeniedError,
        404: noteticketing.NotFoundError,
        409: noteticketing.ConflictError,
        429: noteticketing.RateLimitError,
        500: noteticketing.ServerError,
        415: noteticketing.APIError,
    }
    for status, cls in classes.items():
        client, _, _ = _client(_envelope(status, "X"), max_retries=0)
        with pytest.raises(noteticketing.APIError) as error:
            client.guilds.list()
        assert type(error.value) is cls


# --- verify_webhook ----------------------------------------------------------------


def _signed(body: bytes = BODY, secret: str = SECRET, timestamp: int = NOW) -> dict[str, str]:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    standard = hmac.new(key, f"evt_1.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return {
        "X-Webhook-Signature": "sha256="
        + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(),
        "X-Webhook-Timestamp": str(timestamp),
        "webhook-id": "evt_1",
        "webhook-timestamp": str(timestamp),
        "webhook-signature": "v1," + base64.b64encode(standard).decode(),
    }


def test_a_genuine_delivery_returns_its_event():
    event = noteticketing.verify_webhook(BODY, _signed(), SECRET, now=NOW + 10)

    assert event == json.loads(BODY)


def test_header_names_are_case_insensitive_and_a_str_body_works():
    headers = {name.upper(): value for name, value in _signed().items()}

    assert noteticketing.verify_webhook(BODY.decode(), headers, SECRET, now=NOW)["event"] == "ping"


def test_one_of_several_standard_signatures_may_match():
    headers = _signed()
    headers["webhook-signature"] = "v1,b2xkc2lnbmF0dXJl " + headers["webhook-signature"]

    assert noteticketing.verify_webhook(BODY, headers, SECRET, now=NOW)


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda h: h.pop("X-Webhook-Signature"), id="no github signature"),
        pytest.param(lambda h: h.update({"X-Webhook-Signature": "sha256=00"}), id="wrong github"),
        pytest.param(lambda h: h.update({"webhook-signature": "v1,AAAA"}), id="wrong standard"),
        pytest.param(lambda h: h.pop("webhook-id"), id="standard without its id"),
        pytest.param(lambda h: h.update({"webhook-id": "evt_2"}), id="another message id"),
        pytest.param(lambda h: h.update({"webhook-timestamp": str(NOW + 1)}), id="timestamp"),
    ],
)
def test_a_tampered_delivery_is_refused(tamper):
    headers = _signed()
    tamper(headers)

    with pytest.raises(noteticketing.WebhookVerificationError):
        noteticketing.verify_webhook(BODY, headers, SECRET, now=NOW)


def test_a_changed_body_or_another_secret_is_refused():
    other = "whsec_" + base64.b64encode(b"o" * 32).decode()

    with pytest.raises(noteticketing.WebhookVerificationError):
        noteticketing.verify_webhook(BODY + b" ", _signed(), SECRET, now=NOW)
    with pytest.raises(noteticketing.WebhookVerificationError):
        noteticketing.verify_webhook(BODY, _signed(), other, now=NOW)


def test_an_old_delivery_is_refused_unless_the_tolerance_is_off():
    late = NOW + 301

    with pytest.raises(noteticketing.WebhookVerificationError, match="replay"):
        noteticketing.verify_webhook(BODY, _signed(), SECRET, now=late)
    assert noteticketing.verify_webhook(BODY, _signed(), SECRET, now=late, tolerance=None)
    assert noteticketing.verify_webhook(BODY, _signed(), SECRET, now=late, tolerance=600)


def test_the_github_signature_alone_is_enough_unless_the_standard_one_is_required():
    headers = {"X-Webhook-Signature": _signed()["X-Webhook-Signature"]}

    assert noteticketing.verify_webhook(BODY, headers, SECRET)
    with pytest.raises(noteticketing.WebhookVerificationError, match="missing"):
        noteticketing.verify_webhook(BODY, headers, SECRET, require_standard=True)


def test_a_signed_body_that_is_not_json_is_refused():
    body = b"not json"
    headers = {"X-Webhook-Signature": _signed(body)["X-Webhook-Signature"]}

    with pytest.raises(noteticketing.WebhookVerificationError, match="JSON"):
        noteticketing.verify_webhook(body, headers, SECRET)
