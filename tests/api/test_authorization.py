"""The authorization matrix, generated from the URL resolver.

Every route under a guild, with every method, answers 404 to a user who is not a
member (as if the guild did not exist) and changes nothing; each permission-gated
call answers 403 to a member without that permission and changes nothing.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from guilds.models import GuildMember
from tests.api.dbstate import snapshot

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


def test_the_matrix_covers_every_guild_route():
    assert len(_guild_routes()) >= 7


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
    ("delete", "users/member001/data", None, CONFIGURE),
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


def _call(client, world, method, path, body):
    url = f"/v1/guilds/{world['guild_id']}/" + path.format(**world)
    if body is not None:
        body = {k: v.format(**world) if isinstance(v, str) else v for k, v in body.items()}
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


@pytest.mark.parametrize(
    "path",
    [
        "",
        "/channels",
        "/config",
        "/action-items",
        "/action-items/{item_id}",
        "/users/owner0001/permissions",
        "/sweep/status",
        "/sweep/history",
    ],
)
def test_reads_need_only_membership(member, world, path):
    response = member.client.get(f"/v1/guilds/{world['guild_id']}{path.format(**world)}")

    assert response.status_code == 200
