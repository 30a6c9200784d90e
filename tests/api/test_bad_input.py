"""Bad input on every route of the URL resolver: an error envelope, never a 500.

Malformed ids in the path, values in the query and fields in the body are 400s
naming what was wrong; a well-formed id that cannot name anything is a 404; a
body over the cap is a 413. The cases are generated over the resolver, so a new
route is covered the day it is added.
"""

import json
import re
from urllib.parse import unquote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from noteticketing.api.schema import PATH_PATTERNS
from tests.api.dbstate import snapshot

WRITE_METHODS = ("post", "put", "patch")


def _routes(patterns=None, prefix: str = "") -> list[tuple[str, str]]:
    """Every (route, method) under ``/v1/`` that a view answers."""
    routes = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and route.startswith("v1/"):
            view = getattr(pattern.callback, "view_class", None)
            methods = (
                ["get"]
                if view is None
                else [m for m in ("get", *WRITE_METHODS, "delete") if hasattr(view, m)]
            )
            routes += [(route, method) for method in methods]
    return routes


ROUTES = _routes()
ID_ROUTES = [(route, method) for route, method in ROUTES if "<str:" in route]
GET_ROUTES = [route for route, method in ROUTES if method == "get"]
WRITE_ROUTES = [(route, method) for route, method in ROUTES if method in WRITE_METHODS]


def _fill(route: str, values: dict) -> str:
    for name, value in values.items():
        route = route.replace(f"<str:{name}>", value)
    return "/" + route


def _is_envelope(response, statuses: tuple[int, ...], field: str | None = None) -> bool:
    """An error envelope with one of ``statuses``, naming ``field`` when one is given."""
    if response.status_code not in statuses:
        return False
    if not response["Content-Type"].startswith("application/json"):
        return False
    error = response.json()["error"]
    named = error["details"].get("field", "")
    return error["request_id"] == response["X-Request-ID"] and (
        field is None or re.split(r"[.\[]", named)[0] == field
    )


# --- ids in the path ---------------------------------------------------------------------

MALFORMED_IDS = {
    "overflowing": "99999999999999999999999",
    "a thousand characters": "a" * 1000,
    "NUL": "%00",
    "NUL after digits": "123%00",
    "negative": "-1",
    "zero": "0",
    "decimal": "1.5",
    "leading space": "%201",
    "right-to-left override": "%E2%80%AE123",
    "zero-width space": "1%E2%80%8B2",
    "four-byte emoji": "%F0%9F%98%80",
    "encoded lone surrogate": "%ED%A0%80",
    "invalid UTF-8": "%FF%FE",
    "fullwidth digits": "%EF%BC%91%EF%BC%92",
    "Arabic-Indic digits": "%D9%A1%D9%A2",
}


def _malformed_for(name: str) -> dict[str, str]:
    """The values above that break ``name``'s pattern; a user id may well be all digits."""
    return {
        label: value
        for label, value in MALFORMED_IDS.items()
        if not re.fullmatch(PATH_PATTERNS[name], unquote(value))
    }


def _param_names(route: str) -> list[str]:
    return [part.split(">")[0] for part in route.split("<str:")[1:]]


@pytest.mark.parametrize(("route", "method"), ID_ROUTES)
def test_a_malformed_id_in_the_path_is_a_400_or_404_and_changes_nothing(
    owner, world, route, method
):
    before = snapshot()
    wrong = []

    for name in _param_names(route):
        for label, value in _malformed_for(name).items():
            response = getattr(owner.client, method)(_fill(route, world | {name: value}))

            if not _is_envelope(response, (400, 404)):
                wrong.append((name, label, response.status_code))
    assert not wrong, "\n".join(map(str, wrong))
    assert snapshot() == before


@pytest.mark.parametrize(
    "route", sorted({route for route, _ in ID_ROUTES if "<str:guild_id>" in route})
)
def test_a_guild_id_beyond_64_bits_is_not_found(owner, world, route):
    response = owner.client.get(_fill(route, world | {"guild_id": str(2**63)}))

    assert response.status_code in (404, 405)


# --- values in the query -----------------------------------------------------------------

QUERY_PARAMS = [
    "limit",
    "offset",
    "status",
    "priority",
    "sort",
    "order",
    "assigned_to",
    "channel_id",
    "period",
    "format",
    "include_audit",
    "action",
    "event",
]
BAD_QUERY_VALUES = {
    "NUL": "%00",
    "value then NUL": "pending%00",
    "huge integer": str(10**30),
    "negative": "-1",
    "exponent": "1e3",
    "fullwidth digits": "%EF%BC%91",
    "Arabic-Indic digits": "%D9%A1",
    "encoded lone surrogate": "%ED%A0%80",
    "invalid UTF-8": "%FF",
    "right-to-left override": "%E2%80%AEdesc",
    "ten thousand characters": "x" * 10_000,
}


@pytest.fixture(scope="module")
def query_schemas(django_db_blocker) -> dict[tuple[str, str], dict[str, dict]]:
    """Each operation's documented query parameters and their schemas."""
    with django_db_blocker.unblock():
        schema = json.loads(APIClient().get("/v1/schema?format=json").content)
    return {
        ("/v1" + path, method): {
            p["name"]: p["schema"] | {"required": p.get("required", False)}
            for p in op.get("parameters", [])
            if p["in"] == "query"
        }
        for path, item in schema["paths"].items()
        for method, op in item.items()
    }


def _schema_path(route: str) -> str:
    return "/" + route.replace("<str:", "{").replace(">", "}")


def _breaks(schema: dict, raw: str) -> bool:
    """Whether a query value, as sent, falls outside its documented schema."""
    value = unquote(raw)  # as Django decodes it, invalid UTF-8 replaced
    if "enum" in schema:
        return value not in schema["enum"]
    if "pattern" in schema:
        return re.search(schema["pattern"], value) is None
    if schema.get("type") == "integer":
        return re.fullmatch(r"-?[0-9]+", value) is None
    return False


@pytest.mark.parametrize("route", GET_ROUTES)
def test_a_bad_query_value_is_a_400_naming_the_parameter(owner, world, query_schemas, route):
    documented = query_schemas.get((_schema_path(route), "get"), {})
    required = {name: s["enum"][0] for name, s in documented.items() if s["required"]}
    wrong = []

    for param in QUERY_PARAMS:
        for label, value in BAD_QUERY_VALUES.items():
            query = "&".join(f"{k}={v}" for k, v in (required | {param: value}).items())

            response = owner.client.get(f"{_fill(route, world)}?{query}")

            if param in documented and _breaks(documented[param], value):
                ok = _is_envelope(response, (400,), field=param)
            else:  # ignored, or a value the schema allows that the view may still refuse
                ok = response.status_code == 200 or _is_envelope(response, (400,), field=param)
            if not ok:
                wrong.append((param, label, response.status_code))
    assert not wrong, "\n".join(map(str, wrong))


# --- fields in the body ------------------------------------------------------------------

# A body each write route accepts, so that one bad field is the only thing wrong.
GOOD_BODIES = {
    ("v1/guilds/<str:guild_id>/channels/monitor", "post"): {"channel_id": "{channel_id}"},
    ("v1/guilds/<str:guild_id>/config", "patch"): {
        "sweep_interval_hours": 4,
        "active": True,
        "privacy_mode_enabled": False,
    },
    ("v1/guilds/<str:guild_id>/users/<str:user_id>/permissions", "put"): {
        "permissions": {"can_view_analytics": True}
    },
    ("v1/guilds/<str:guild_id>/action-items", "post"): {
        "channel_id": "{channel_id}",
        "text": "Write the report",
        "summary": "Reports",
        "priority": "high",
        "category": "general",
        "assigned_to": "member001",
        "due_date": "2030-01-31",
    },
    ("v1/guilds/<str:guild_id>/action-items/<str:item_id>", "put"): {
        "text": "Write the report",
        "status": "in_progress",
    },
    ("v1/guilds/<str:guild_id>/action-items/<str:item_id>/status", "patch"): {
        "status": "completed"
    },
    ("v1/guilds/<str:guild_id>/sweep/trigger", "post"): {"force": True},
    ("v1/guilds/<str:guild_id>/webhooks", "post"): {
        "url": "https://93.184.215.14/hook",
        "events": ["ping"],
    },
    ("v1/guilds/<str:guild_id>/webhooks/<str:webhook_id>", "patch"): {
        "url": "https://93.184.215.14/other",
        "events": ["ping"],
        "active": True,
    },
    ("v1/guilds/<str:guild_id>/webhooks/<str:webhook_id>/rotate-secret", "post"): {},
    ("v1/guilds/<str:guild_id>/webhooks/<str:webhook_id>/test", "post"): {},
    (
        "v1/guilds/<str:guild_id>/webhooks/<str:webhook_id>/deliveries/<str:delivery_id>/redeliver",
        "post",
    ): {},
}
INVALID_FIELD_VALUES = {
    "NUL": "\x00",
    "text with NUL": "Write\x00the report",
    "lone surrogate": "\ud800",
    "huge integer": 10**30,
    "huge negative integer": -(10**30),
    "huge float": 1e308,
    "a hundred thousand characters": "x" * 100_000,
    "nested object": {"a": {"b": [1, 2, {"c": None}]}},
    "array": ["ping", "ping"],
}
# Unicode that is valid text: stored as sent or refused, but never a 500.
UNICODE_FIELD_VALUES = {
    "right-to-left override": "\u202eWrite the report",
    "zero-width joiner and space": "Write\u200d the\u200b report",
    "four-byte emoji": "\U0001f600 Write the report \U0001f9d1\u200d\U0001f4bb",
    "combining marks": "Wri\u0301te\u0308 the report",
    "byte order mark": "\ufeffWrite the report",
}


def _send(client, method: str, url: str, body) -> object:
    """JSON as ``json.dumps`` writes it: ``\\ud800`` escapes reach the server intact."""
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def _body(world: dict, route: str, method: str) -> dict:
    return {
        name: value.format(**world) if isinstance(value, str) else value
        for name, value in GOOD_BODIES[(route, method)].items()
    }


def test_every_write_route_has_a_good_body():
    assert set(WRITE_ROUTES) == set(GOOD_BODIES)


@pytest.mark.parametrize(("route", "method"), WRITE_ROUTES)
def test_the_good_body_is_accepted(owner, world, route, method):
    response = _send(owner.client, method, _fill(route, world), _body(world, route, method))

    assert response.status_code in (200, 201, 202), response.content


@pytest.mark.parametrize(("route", "method"), WRITE_ROUTES)
def test_an_invalid_field_is_a_400_naming_it_and_changes_nothing(owner, world, route, method):
    before = snapshot()
    wrong = []

    for field in GOOD_BODIES[(route, method)]:
        for label, value in INVALID_FIELD_VALUES.items():
            body = _body(world, route, method) | {field: value}

            response = _send(owner.client, method, _fill(route, world), body)

            if not _is_envelope(response, (400,), field=field):
                wrong.append((field, label, response.status_code))
    assert not wrong, "\n".join(map(str, wrong))
    assert snapshot() == before


@pytest.mark.parametrize(("route", "method"), WRITE_ROUTES)
def test_unicode_edge_cases_are_stored_as_sent_or_refused(owner, world, route, method):
    wrong = []

    for field in GOOD_BODIES[(route, method)]:
        for label, value in UNICODE_FIELD_VALUES.items():
            body = _body(world, route, method) | {field: value}

            response = _send(owner.client, method, _fill(route, world), body)

            if response.status_code not in (200, 201, 202) and not _is_envelope(
                response, (400,), field=field
            ):
                wrong.append((field, label, response.status_code))
    assert not wrong, "\n".join(map(str, wrong))


# --- the body as a whole -----------------------------------------------------------------

RAW_BODIES = {
    "malformed JSON": b"{not json",
    "NUL byte in the JSON text": b'{"text": "a\x00b"}',
    "NUL byte outside strings": b"{\x00}",
    "invalid UTF-8": b'{"text": "\xff\xfe"}',
    "UTF-16": json.dumps({"text": "x"}).encode("utf-16"),
    "deeply nested arrays": b"[" * 100_000 + b"]" * 100_000,
    "deeply nested objects": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "a lone surrogate in a key": b'{"\\ud800": 1}',
    "a number of 5,000 digits": b'{"sweep_interval_hours": ' + b"9" * 5000 + b"}",
    "a number overflowing a float": b'{"sweep_interval_hours": 1e999}',
    "NaN": b'{"sweep_interval_hours": NaN}',
    "a top-level string": b'"text"',
    "a top-level null": b"null",
    "an array": b"[1, 2]",
}


@pytest.mark.parametrize(("route", "method"), WRITE_ROUTES)
def test_a_body_that_is_not_a_json_object_is_a_400(owner, world, route, method):
    before = snapshot()
    wrong = []

    for label, raw in RAW_BODIES.items():
        response = getattr(owner.client, method)(
            _fill(route, world), raw, content_type="application/json"
        )

        if GOOD_BODIES[(route, method)]:
            ok = _is_envelope(response, (400,))
        else:  # a route that takes no body need not read it
            ok = response.status_code < 300 or _is_envelope(response, (400, 409))
        if not ok:
            wrong.append((label, response.status_code))
    assert not wrong, "\n".join(map(str, wrong))
    if GOOD_BODIES[(route, method)]:
        assert snapshot() == before


# --- the size of the body ----------------------------------------------------------------


def _json_of_size(size: int) -> bytes:
    """A JSON object of exactly ``size`` bytes."""
    shell = b'{"text": ""}'
    return shell[:-2] + b"x" * (size - len(shell)) + shell[-2:]


@pytest.mark.parametrize(("route", "method"), WRITE_ROUTES)
def test_a_body_over_the_cap_is_a_413_before_it_is_read(owner, world, settings, route, method):
    before = snapshot()

    response = getattr(owner.client, method)(
        _fill(route, world),
        _json_of_size(settings.API_MAX_BODY_BYTES + 1),
        content_type="application/json",
    )

    assert _is_envelope(response, (413,), field="body")
    assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
    assert snapshot() == before


def test_a_body_at_the_cap_is_read(owner, world, settings):
    response = owner.client.post(
        f"/v1/guilds/{world['guild_id']}/action-items",
        _json_of_size(settings.API_MAX_BODY_BYTES),
        content_type="application/json",
    )

    assert response.status_code == 400  # read and refused: too long a text, and no channel
    assert response.json()["error"]["details"]["field"] in ("channel_id", "text")


def test_the_cap_is_checked_before_the_key(anonymous, world, settings):
    response = anonymous.post(
        f"/v1/guilds/{world['guild_id']}/action-items",
        _json_of_size(settings.API_MAX_BODY_BYTES + 1),
        content_type="application/json",
    )

    assert _is_envelope(response, (413,), field="body")


def test_a_body_streamed_without_a_length_is_refused_rather_than_read_as_empty(owner, world):
    """Django reads a chunked body as empty; ``force`` would silently be dropped."""
    response = owner.client.generic(
        "POST",
        f"/v1/guilds/{world['guild_id']}/sweep/trigger",
        content_type="application/json",
        HTTP_TRANSFER_ENCODING="chunked",
    )

    assert "CONTENT_LENGTH" not in response.wsgi_request.META
    assert _is_envelope(response, (400,), field="body")
    assert "Content-Length" in response.json()["error"]["details"]["issue"]
