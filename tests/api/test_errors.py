import json
import re

import pytest
from django.test import override_settings

from guilds.views import GuildListView

REQUEST_ID = re.compile(r"^req_[0-9a-f]{12}$")


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "details", "timestamp", "request_id"}
    assert error["code"] == code
    assert REQUEST_ID.match(error["request_id"])
    assert error["request_id"] == response["X-Request-ID"]
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", error["timestamp"])
    return error


def test_unknown_url_under_the_api_is_a_404_envelope(owner):
    _error(owner.client.get("/v1/no-such-thing"), 404, "NOT_FOUND")


def test_unknown_url_outside_the_api_is_left_to_django(owner):
    response = owner.client.get("/no-such-page")

    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def test_wrong_method_is_405_with_allow(owner, guild):
    response = owner.client.delete(f"/v1/guilds/{guild.id}/config")

    _error(response, 405, "METHOD_NOT_ALLOWED")
    assert response["Allow"] == "GET, PATCH, HEAD, OPTIONS"


def test_malformed_json_is_a_400(owner, guild, channels):
    response = owner.client.post(
        f"/v1/guilds/{guild.id}/action-items", "{not json", content_type="application/json"
    )

    error = _error(response, 400, "VALIDATION_ERROR")
    assert error["details"]["field"] == "body"


def test_json_that_is_not_an_object_is_a_400(owner, guild):
    response = owner.client.patch(
        f"/v1/guilds/{guild.id}/config", "[1, 2]", content_type="application/json"
    )

    _error(response, 400, "VALIDATION_ERROR")


def test_wrong_media_type_is_415(owner, guild):
    response = owner.client.patch(
        f"/v1/guilds/{guild.id}/config",
        "active=true",
        content_type="application/x-www-form-urlencoded",
    )

    _error(response, 415, "UNSUPPORTED_MEDIA_TYPE")


def test_any_accept_header_still_gets_json(owner):
    response = owner.client.get("/v1/guilds", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_every_response_carries_a_request_id(owner):
    first = owner.client.get("/v1/guilds")
    second = owner.client.get("/v1/guilds")

    assert REQUEST_ID.match(first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.fixture
def broken_guild_list(monkeypatch):
    def explode(self, request):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(GuildListView, "get", explode)


@override_settings(DEBUG=False)
def test_an_unhandled_exception_is_a_500_envelope_without_internals(owner, broken_guild_list):
    response = owner.client.get("/v1/guilds")

    error = _error(response, 500, "INTERNAL_ERROR")
    assert "secret internals" not in response.content.decode()
    assert error["message"] == "Internal server error"
    assert response["X-RateLimit-Limit"] == "1000"


def test_a_disallowed_host_is_a_400_envelope(owner):
    response = owner.client.get("/v1/guilds", HTTP_HOST="evil.example")

    _error(response, 400, "VALIDATION_ERROR")


def test_a_body_over_the_size_cap_is_413(owner, guild, channels, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"channel_id": str(channels[0].id), "text": "x" * 2000})

    response = owner.client.post(
        f"/v1/guilds/{guild.id}/action-items", body, content_type="application/json"
    )

    _error(response, 413, "PAYLOAD_TOO_LARGE")
    assert not guild.action_items.exists()
