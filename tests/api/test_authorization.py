"""The authorization matrix, generated from the URL resolver.

Every route of the API but the public ones, with every method, answers 401 with
``WWW-Authenticate`` to no key, a revoked, expired or mistyped key, and changes
nothing. Every route under a guild, with every method, answers 404 to a user who
is not a member (as if the guild did not exist) and changes nothing; one guild's
object ids mean nothing under another; each permission-gated call answers 403 to
a member without that permission and changes nothing, and succeeds with that one
permission; every other call needs only membership.
"""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.test import APIClient

from guilds.models import ApiKey, GuildMember
from noteticketing.api.middleware import PUBLIC_API_PATHS
from tests.api.dbstate import snapshot
from tests.factories import ActionItemFactory, api_key_for

METHODS = ["get", "post", "put", "patch", "delete"]


def _guild_routes(patterns=None, prefix: str = "") -> list[str]:
    routes = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += _guild_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and "<str:guild_id>" in route:
            routes.append(route)
    return routes


def _fill(route: str, values: dict) -> str:
    for name, value in values.items():
        route = route.replace(f"<str:{name}>", value)
    return "/" + route


def _views(patterns=None, prefix: str = "") -> list[tuple[str, type]]:
    """Every route under ``/v1/`` that needs a key, with its view class."""
    views = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            views += _views(pattern.url_patterns, route)
        elif route.startswith("v1/") and "/" + route not in PUBLIC_API_PATHS:
            views.append((route, pattern.callback.view_class))
    return views


API_ROUTES = [route for route, _ in _views()]
# Every (method, route) a view under a guild answers, as written in the tables below.
GUILD_CALLS = {
    (method, route.removeprefix("v1/guilds/<str:guild_id>").lstrip("/"))
    for route, view in _views()
    if "<str:guild_id>" in route
    for method in METHODS
    if hasattr(view, method)
}


def test_the_matrix_covers_every_guild_route():
    assert len(_guild_routes()) >= 7


# --- no key, or a key that does not work --------------------------------------------------


@pytest.fixture
def bad_keys(db) -> dict[str, dict]:
    """Credentials that must not work, by name, as test client headers."""
    revoked, expired = api_key_for("owner0001"), api_key_for("owner0001")
    ApiKey.objects.filter(prefix=revoked.split("_")[1]).update(revoked_at=timezone.now())
    ApiKey.objects.filter(prefix=expired.split("_")[1]).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    return {
        "no key": {},
        "revoked key": {"HTTP_AUTHORIZATION": f"Bearer {revoked}"},
        "expired key": {"HTTP_AUTHORIZATION": f"Bearer {expired}"},
        "mistyped key": {"HTTP_AUTHORIZATION": f"Bearer {revoked[:-1]}x"},
        "not a bearer": {"HTTP_AUTHORIZATION": f"Basic {revoked}"},
    }


@pytest.mark.parametrize("route", API_ROUTES)
def test_without_a_working_key_every_call_is_a_401_and_changes_nothing(
    world, bad_keys, settings, route
):
    settings.AUTH_FAILURES_PER_WINDOW = 1000
    url = _fill(route, world)
    before = snapshot()
    wrong = []

    for name, headers in bad_keys.items():
        for method in METHODS:
            response = getattr(APIClient(), method)(
                url, {"status": "completed"}, format="json", **headers
            )

            if (
                response.status_code != 401
                or response.json()["error"]["code"] != "UNAUTHORIZED"
                or not response.get("WWW-Authenticate", "").startswith("Bearer")
            ):
                wrong.append((name, method, response.status_code))
    assert not wrong, wrong
    assert snapshot() == before


@pytest.mark.parametrize("route", _guild_routes())
def test_a_non_member_gets_404_everywhere_and_changes_nothing(outsider, world, route):
    url = _fill(route, world)
    before = snapshot()

    for method in METHODS:
        response = getattr(outsider.client, method)(url, {"status": "completed"}, format="json")

        assert response.status_code == 404, (method, url)
        assert response.json()["error"]["code"] == "NOT_FOUND"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("get", "action-items/{item_id}", None, 404),
        ("put", "action-items/{item_id}", {"text": "Hijacked"}, 404),
        ("delete", "action-items/{item_id}", None, 404),
        ("patch", "action-items/{item_id}/status", {"status": "completed"}, 404),
        ("delete", "channels/monitor/{channel_id}", None, 404),
        ("get", "users/{user_id}/permissions", None, 404),
        ("post", "channels/monitor", {"channel_id": "{channel_id}"}, 400),
        ("post", "action-items", {"channel_id": "{channel_id}", "text": "Hijack"}, 400),
        ("patch", "config", {"todo_channel_id": "{channel_id}"}, 400),
        ("patch", "config", {"sweep_output_channel_id": "{channel_id}"}, 400),
        ("patch", "config", {"channels_to_monitor": ["{channel_id}"]}, 400),
        ("get", "webhooks/{webhook_id}", None, 404),
        ("patch", "webhooks/{webhook_id}", {"active": False}, 404),
        ("delete", "webhooks/{webhook_id}", None, 404),
        ("post", "webhooks/{webhook_id}/rotate-secret", None, 404),
        ("post", "webhooks/{webhook_id}/test", None, 404),
        ("get", "webhooks/{webhook_id}/deliveries", None, 404),
        ("post", "webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver", None, 404),
    ],
)
def test_another_guilds_object_ids_do_not_work_under_your_own_guild(
    outsider, world, method, path, body, status
):
    """The outsider owns their own guild, but this guild's ids mean nothing there."""
    own_guild = GuildMember.objects.get(user_id=outsider.user_id).guild_id
    before = snapshot()

    response = _call(outsider.client, world | {"guild_id": str(own_guild)}, method, path, body)

    assert response.status_code == status, response.content
    assert snapshot() == before


CONFIGURE, MANAGE = "can_configure_bot", "can_manage_action_items"
GATED = [
    ("patch", "config", {"sweep_interval_hours": 2}, CONFIGURE),
    ("post", "channels/monitor", {"channel_id": "{channel_id}"}, CONFIGURE),
    ("delete", "channels/monitor/{channel_id}", None, CONFIGURE),
    (
        "put",
        "users/{user_id}/permissions",
        {"permissions": {"can_view_analytics": True}},
        CONFIGURE,
    ),
    ("post", "action-items", {"channel_id": "{channel_id}", "text": "New"}, MANAGE),
    ("put", "action-items/{item_id}", {"text": "Changed"}, MANAGE),
    ("delete", "action-items/{item_id}", None, MANAGE),
    ("post", "sweep/trigger", {}, "can_trigger_sweeps"),
    ("get", "analytics?period=7d", None, "can_view_analytics"),
    ("get", "analytics/action-items?period=30d", None, "can_view_analytics"),
    ("get", "stats?period=1d", None, "can_view_analytics"),
    ("get", "privacy/audit", None, CONFIGURE),
    ("get", "export?format=json", None, CONFIGURE),
    ("get", "export?format=csv&include_audit=true", None, CONFIGURE),
    ("delete", "users/{user_id}/data", None, CONFIGURE),
    ("get", "webhooks", None, CONFIGURE),
    ("post", "webhooks", {"url": "https://93.184.215.14/h", "events": ["ping"]}, CONFIGURE),
    ("get", "webhooks/{webhook_id}", None, CONFIGURE),
    ("patch", "webhooks/{webhook_id}", {"events": ["sweep.completed"]}, CONFIGURE),
    ("delete", "webhooks/{webhook_id}", None, CONFIGURE),
    ("post", "webhooks/{webhook_id}/rotate-secret", None, CONFIGURE),
    ("post", "webhooks/{webhook_id}/test", None, CONFIGURE),
    ("get", "webhooks/{webhook_id}/deliveries", None, CONFIGURE),
    ("post", "webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver", None, CONFIGURE),
]


def _format(value, world):
    if isinstance(value, list):
        return [_format(item, world) for item in value]
    return value.format(**world) if isinstance(value, str) else value


def _call(client, world, method, path, body):
    url = f"/v1/guilds/{world['guild_id']}" + (f"/{path.format(**world)}" if path else "")
    if body is not None:
        body = {k: _format(v, world) for k, v in body.items()}
    return getattr(client, method)(url, body, format="json")


@pytest.mark.parametrize(("method", "path", "body", "permission"), GATED)
def test_a_member_without_the_permission_gets_403_and_changes_nothing(
    member, world, method, path, body, permission
):
    before = snapshot()

    response = _call(member.client, world, method, path, body)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "FORBIDDEN"
    assert permission in response.json()["error"]["message"]
    assert snapshot() == before


@pytest.mark.parametrize(("method", "path", "body", "permission"), GATED)
def test_that_one_permission_is_enough(member, world, method, path, body, permission):
    GuildMember.objects.filter(user_id=member.user_id).update(**{permission: True})

    response = _call(member.client, world, method, path, body)

    assert response.status_code in (200, 201, 202, 204), response.content


MEMBERSHIP_ONLY = [
    ("get", ""),
    ("get", "channels"),
    ("get", "config"),
    ("get", "action-items"),
    ("get", "action-items/{item_id}"),
    ("get", "users/{user_id}/permissions"),
    ("get", "sweep/status"),
    ("get", "sweep/history"),
]
# An assignee may move their own item's status without can_manage_action_items.
ASSIGNEE_OR_MANAGE = [("patch", "action-items/{item_id}/status")]


def _as_route(path: str) -> str:
    route = path.split("?")[0].replace("{", "<str:").replace("}", ">")
    return route


def test_every_call_under_a_guild_is_in_one_table():
    tables = [(m, p) for m, p, _, _ in GATED] + MEMBERSHIP_ONLY + ASSIGNEE_OR_MANAGE

    assert {(method, _as_route(path)) for method, path in tables} == GUILD_CALLS


@pytest.mark.parametrize(("method", "path"), MEMBERSHIP_ONLY)
def test_reads_need_only_membership(member, world, method, path):
    response = _call(member.client, world, method, path, None)

    assert response.status_code == 200


def test_an_assignee_may_move_their_own_items_status(member, world):
    response = _call(
        member.client, world, "patch", "action-items/{item_id}/status", {"status": "completed"}
    )

    assert response.status_code == 200


def test_a_member_who_is_not_the_assignee_may_not_and_changes_nothing(member, world, channels):
    other = ActionItemFactory(channel=channels[0], assigned_to="owner0001")
    before = snapshot()

    response = _call(
        member.client,
        world | {"item_id": other.public_id},
        "patch",
        "action-items/{item_id}/status",
        {"status": "completed"},
    )

    assert response.status_code == 403
    assert MANAGE in response.json()["error"]["message"]
    assert snapshot() == before
