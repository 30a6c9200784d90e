import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from django_ratelimit.core import _get_window
from rest_framework.test import APIClient

from guilds.models import ApiKey
from noteticketing.api.keys import generate_key, parse_key
from tests.factories import api_key_for


def _client(key: str | None) -> APIClient:
    client = APIClient()
    if key is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def _assert_401(response, message: str) -> None:
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    error = response.json()["error"]
    assert error["code"] == "UNAUTHORIZED"
    assert error["message"] == message
    assert error["request_id"] == response["X-Request-ID"]


def test_generated_keys_have_the_documented_format_and_parse_back():
    new = generate_key()

    parsed = parse_key(new.key)

    assert new.key.startswith(f"ntk_{new.prefix}_")
    assert parsed is not None
    assert parsed.prefix == new.prefix


def test_a_key_with_one_character_changed_fails_its_checksum():
    key = generate_key().key
    flipped = key[:-10] + ("A" if key[-10] != "A" else "B") + key[-9:]

    assert parse_key(flipped) is None


def test_missing_key_is_401(anonymous, db):
    _assert_401(anonymous.get("/v1/guilds"), "Missing API key: send 'Authorization: Bearer <key>'")


def test_non_bearer_scheme_is_401(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")

    _assert_401(client.get("/v1/guilds"), "Missing API key: send 'Authorization: Bearer <key>'")


def test_bad_checksum_is_refused_without_looking_up_keys(db):
    key = api_key_for("user0001")
    tampered = key[:-1] + ("a" if key[-1] != "a" else "b")

    with CaptureQueriesContext(connection) as queries:
        response = _client(tampered).get("/v1/guilds")

    _assert_401(response, "Invalid API key")
    assert not [q for q in queries.captured_queries if "guilds_apikey" in q["sql"]]


def test_unknown_key_with_a_valid_checksum_is_401(db):
    _assert_401(_client(generate_key().key).get("/v1/guilds"), "Invalid API key")


def test_known_prefix_with_wrong_secret_is_401(db):
    real = api_key_for("user0001")
    stolen_prefix = generate_key()
    ApiKey.objects.filter(prefix=real.split("_")[1]).update(prefix=stolen_prefix.prefix)

    _assert_401(_client(stolen_prefix.key).get("/v1/guilds"), "Invalid API key")


def test_revoked_key_is_401(db):
    key = api_key_for("user0001")
    ApiKey.objects.update(revoked_at=timezone.now())

    _assert_401(_client(key).get("/v1/guilds"), "API key has been revoked")


def test_expired_key_is_401(db):
    key = api_key_for("user0001")
    ApiKey.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    _assert_401(_client(key).get("/v1/guilds"), "API key has expired")


def test_a_key_that_expires_later_works_and_records_its_use(db):
    key = api_key_for("user0001", expires_in_days=1)

    response = _client(key).get("/v1/guilds")

    assert response.status_code == 200
    assert ApiKey.objects.get().last_used_at is not None


@override_settings(AUTH_FAILURES_PER_WINDOW=3)
def test_repeated_failures_from_one_address_are_cut_off_even_for_a_valid_key(db):
    for _ in range(3):
        assert _client("ntk_wrong").get("/v1/guilds").status_code == 401

    refused = _client(api_key_for("user0001")).get("/v1/guilds")

    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "RATE_LIMITED"
    assert 0 < int(refused["Retry-After"]) <= 300


@override_settings(AUTH_FAILURES_PER_WINDOW=2, AUTH_FAILURE_WINDOW_SECONDS=2)
def test_the_cut_off_ends_with_its_window(db):
    # The counter's windows are fixed 2 s slots, the last second of which
    # ``_get_window`` names: start at the next one's beginning, so that the failures
    # below are counted in the same one.
    time.sleep(_get_window("127.0.0.1", 2) + 1 - time.time() + 0.05)
    for _ in range(2):
        assert _client("ntk_wrong").get("/v1/guilds").status_code == 401
    refused = _client("ntk_wrong").get("/v1/guilds")
    assert refused.status_code == 429

    time.sleep(int(refused["Retry-After"]) + 0.5)

    assert _client(api_key_for("user0001")).get("/v1/guilds").status_code == 200
    assert _client("ntk_wrong").get("/v1/guilds").status_code == 401


@override_settings(AUTH_FAILURES_PER_WINDOW=3)
def test_failures_are_counted_per_address(db):
    for _ in range(3):
        _client("ntk_wrong").get("/v1/guilds", REMOTE_ADDR="10.0.0.1")

    response = _client(api_key_for("user0001")).get("/v1/guilds", REMOTE_ADDR="10.0.0.2")

    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/v1/schema", "/v1/docs", "/v1/health"])
def test_public_paths_need_no_key(anonymous, db, path):
    assert anonymous.get(path).status_code == 200
