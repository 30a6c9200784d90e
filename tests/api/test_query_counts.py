"""How many queries each endpoint makes, pinned, so an N+1 or a new query shows up here.

Each request is made once to warm up (the key's last-used stamp is written at most
once a minute, the list totals are counted once per change of the guild's items),
then measured. Queries to the embedded database cache and savepoints are left out:
production keeps the cache in Redis. Lists are measured at limit 1 and limit 100 over
more than 100 rows, and must make the same number of queries.
"""

import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionitems.models import Status
from audit.models import AuditLog
from sweeps.models import Sweep
from tests.factories import ActionItemFactory
from webhooks.models import WebhookDelivery, WebhookEndpoint

ROWS = 101
SHOW_SQL = os.environ.get("SHOW_QUERIES") == "1"


def _data_queries(client, method: str, url: str, body=None, *, warm: bool = True) -> int:
    send = getattr(client, method)
    if warm:
        assert send(url, body, format="json").status_code < 400
    with CaptureQueriesContext(connection) as queries:
        response = send(url, body, format="json")
    assert response.status_code < 400, response.content
    sql = [q["sql"] for q in queries.captured_queries]
    data = [q for q in sql if "cache" not in q and "SAVEPOINT" not in q]
    if SHOW_SQL:
        print(f"\n{method.upper()} {url}")
        for line in data:
            print("   ", line[:160])
    return len(data)


@pytest.fixture
def data(guild, channels):
    items = [
        ActionItemFactory(channel=channels[n % 3], assigned_to=f"user{n % 7}") for n in range(ROWS)
    ]
    Sweep.objects.bulk_create(
        Sweep(guild=guild, status=Sweep.Status.COMPLETED) for _ in range(ROWS)
    )
    AuditLog.objects.bulk_create(
        AuditLog(guild=guild, action=AuditLog.Action.CONFIG_CHANGE, details=f"change {n}")
        for n in range(ROWS)
    )
    endpoint = WebhookEndpoint.objects.create(
        guild=guild, url="https://hooks.example.com/x", events=["ping"], secret="s"
    )
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=endpoint, event="ping", payload={}) for _ in range(ROWS)
    )
    return {"items": items, "endpoint": endpoint}


def _list_counts(client, url: str) -> list[int]:
    joiner = "&" if "?" in url else "?"
    return [_data_queries(client, "get", f"{url}{joiner}limit={limit}") for limit in (1, 100)]


G = "/v1/guilds/{guild}"
# Every guild-scoped request starts with two queries: the API key by its prefix, and
# the membership with its guild and the guild's config (GuildScopedView).
LISTS = [
    # + the page with its channels, the data_access audit entry; the total is cached
    (f"{G}/action-items", 4),
    (f"{G}/action-items?status=pending&sort=priority&order=asc", 4),
    (f"{G}/action-items?channel_id={{channel}}&assigned_to=user1&sort=updated_at", 4),
    # + the count, the page
    (f"{G}/sweep/history", 4),
    # + the count, the page, the data_access audit entry
    (f"{G}/privacy/audit", 5),
    (f"{G}/privacy/audit?action=config_change", 5),
    # + the endpoint, the count, the page, the page's attempts (one prefetch)
    (f"{G}/webhooks/{{endpoint}}/deliveries", 6),
]


@pytest.mark.parametrize(("path", "expected"), LISTS)
def test_a_list_makes_the_same_queries_at_any_page_size(
    owner, guild, channels, data, path, expected
):
    url = path.format(guild=guild.id, channel=channels[1].id, endpoint=data["endpoint"].public_id)

    assert _list_counts(owner.client, url) == [expected, expected]


GETS = [
    # the key; the guilds with their configs
    ("/v1/guilds", 2),
    # the key, the membership with guild and config
    (G, 2),
    # + the channels
    (f"{G}/channels", 3),
    # + the monitored channels' ids
    (f"{G}/config", 3),
    # + the member asked about
    (f"{G}/users/owner0001/permissions", 3),
    # + the item with its channel, the data_access audit entry
    (f"{G}/action-items/{{item}}", 4),
    # + the monitored channels' count; the items' total is cached
    (f"{G}/sweep/status", 3),
    # + items per day, messages per day, sweeps, monitored channels, top channels
    (f"{G}/analytics?period=90d", 7),
    # + the endpoints
    (f"{G}/webhooks", 3),
    # + the endpoint
    (f"{G}/webhooks/{{endpoint}}", 3),
]


@pytest.mark.parametrize(("path", "expected"), GETS)
def test_a_get(owner, guild, data, path, expected):
    url = path.format(
        guild=guild.id, item=data["items"][0].public_id, endpoint=data["endpoint"].public_id
    )

    assert _data_queries(owner.client, "get", url) == expected


def test_writes(owner, guild, channels, data):
    client = owner.client
    client.get(f"/v1/guilds/{guild.id}/action-items")  # warm the key's last-used stamp
    create = {"channel_id": str(channels[0].id), "text": "Book the venue", "priority": "high"}
    permissions = {"permissions": {"can_view_analytics": True}}

    def write(method: str, path: str, body=None) -> int:
        return _data_queries(client, method, f"/v1/guilds/{guild.id}/{path}", body, warm=False)

    one = f"action-items/{data['items'][0].public_id}"
    counts = {
        # the key, the membership; the guild's channels (to check channel_id), the
        # insert, the webhook endpoints that might want action_item.created
        "create": write("post", "action-items", create),
        # the key, the membership, the item with its channel; the update, the endpoints
        "put": write("put", one, {"text": "New text", "priority": "low"}),
        "status": write("patch", f"{one}/status", {"status": Status.COMPLETED}),
        # the key, the membership, the item; the delete, the endpoints
        "delete": write("delete", one),
        # the key, the membership, the guild's channels; the update, its audit entry,
        # the endpoints (config.updated); the monitored channels for the answer
        "config": write("patch", "config", {"sweep_interval_hours": 4}),
        # the key, the membership; the member locked (absent), created, the audit entry
        "permissions": write("put", "users/member002/permissions", permissions),
    }

    assert counts == {
        "create": 5,
        "put": 5,
        "status": 5,
        "delete": 5,
        "config": 7,
        "permissions": 5,
    }
