import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actionitems.models import ActionItem, Priority, Status
from tests.factories import ActionItemFactory, ChannelFactory

ITEM_FIELDS = {
    "id", "guild_id", "channel_id", "channel_name", "summary", "text", "priority", "category",
    "status", "assigned_to", "due_date", "jump_url", "created_at", "updated_at", "completed_at",
}  # fmt: skip


def _url(guild, suffix: str = "") -> str:
    return f"/v1/guilds/{guild.id}/action-items{suffix}"


@pytest.fixture
def items(guild, channels):
    """Four items a minute apart, oldest first."""
    start = timezone.now() - timedelta(hours=1)
    specs = [
        (channels[0], Priority.LOW, Status.PENDING),
        (channels[1], Priority.HIGH, Status.COMPLETED),
        (channels[0], Priority.MEDIUM, Status.ARCHIVED),
        (channels[2], Priority.HIGH, Status.PENDING),
    ]
    return [
        ActionItemFactory(
            channel=channel,
            priority=priority,
            status=status,
            created_at=start + timedelta(minutes=n),
            updated_at=start + timedelta(minutes=10 - n),
        )
        for n, (channel, priority, status) in enumerate(specs)
    ]


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["action_items"]]


def test_list_has_the_spec_shape_newest_first(member, guild, items):
    response = member.client.get(_url(guild))

    body = response.json()
    assert (body["total"], body["limit"], body["offset"]) == (4, 50, 0)
    assert _ids(response) == [item.public_id for item in reversed(items)]
    first = body["action_items"][0]
    assert set(first) == ITEM_FIELDS
    newest = items[-1]
    assert first | {"created_at": None, "updated_at": None} == {
        "id": newest.public_id,
        "guild_id": str(guild.id),
        "channel_id": str(newest.channel_id),
        "channel_name": "announcements",
        "summary": "Follow-up tasks",
        "text": newest.text,
        "priority": "high",
        "category": "general",
        "status": "pending",
        "assigned_to": None,
        "due_date": None,
        "jump_url": "",
        "created_at": None,
        "updated_at": None,
        "completed_at": None,
    }


def test_list_excludes_other_guilds_items(member, guild, items):
    ActionItemFactory()

    assert member.client.get(_url(guild)).json()["total"] == 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=pending", [3, 0]),
        ("status=completed", [1]),
        ("priority=high", [3, 1]),
        ("priority=low&status=pending", [0]),
        ("status=in_progress", []),
    ],
)
def test_filters(member, guild, items, query, expected):
    assert _ids(member.client.get(_url(guild, f"?{query}"))) == [
        items[n].public_id for n in expected
    ]


def test_filter_by_channel(member, guild, items, channels):
    response = member.client.get(_url(guild, f"?channel_id={channels[0].id}"))

    assert _ids(response) == [items[2].public_id, items[0].public_id]


def test_filter_by_assignee(member, guild, items):
    ActionItem.objects.filter(pk=items[1].pk).update(assigned_to="member001")

    assert _ids(member.client.get(_url(guild, "?assigned_to=member001"))) == [items[1].public_id]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sort=created_at&order=asc", [0, 1, 2, 3]),
        ("sort=updated_at", [0, 1, 2, 3]),
        ("sort=updated_at&order=asc", [3, 2, 1, 0]),
        ("sort=priority", [3, 1, 2, 0]),
        ("sort=priority&order=asc", [0, 2, 1, 3]),
    ],
)
def test_sorting(member, guild, items, query, expected):
    assert _ids(member.client.get(_url(guild, f"?{query}"))) == [
        items[n].public_id for n in expected
    ]


def test_pagination(member, guild, items):
    response = member.client.get(_url(guild, "?limit=2&offset=1"))

    body = response.json()
    assert (body["total"], body["limit"], body["offset"]) == (4, 2, 1)
    assert _ids(response) == [items[2].public_id, items[1].public_id]


def test_an_offset_past_the_end_is_an_empty_page(member, guild, items):
    body = member.client.get(_url(guild, "?offset=10")).json()

    assert (body["action_items"], body["total"]) == ([], 4)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=abc", "limit"),
        ("limit=-1", "limit"),
        ("limit=1.5", "limit"),
        ("offset=-1", "offset"),
        ("offset=x", "offset"),
        ("offset=99999999999999999999", "offset"),
        ("sort=name", "sort"),
        ("order=up", "order"),
        ("status=done", "status"),
        ("priority=urgent", "priority"),
        ("channel_id=general", "channel_id"),
        ("channel_id=99999999999999999999", "channel_id"),
        ("assigned_to=a%20b", "assigned_to"),
        ("channel_id=", "channel_id"),
        ("status=", "status"),
        ("sort=", "sort"),
    ],
)
def test_bad_list_parameters_are_400s(member, guild, items, query, field):
    response = member.client.get(_url(guild, f"?{query}"))

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert response.json()["error"]["details"]["field"] == field


def _is_data_query(sql: str) -> bool:
    """Leave out the embedded cache's own table and its savepoints."""
    return "cache" not in sql and "SAVEPOINT" not in sql


def test_list_query_count_is_the_same_for_1_and_100_items(member, guild, channels):
    for n in range(100):
        ActionItemFactory(channel=channels[n % 3])

    counts = []
    for limit in (1, 100):
        member.client.get(_url(guild))  # warm the key's last-used stamp and the window
        with CaptureQueriesContext(connection) as queries:
            response = member.client.get(_url(guild, f"?limit={limit}"))
        assert len(response.json()["action_items"]) == limit
        counts.append(len([q for q in queries.captured_queries if _is_data_query(q["sql"])]))

    # The key, the membership with guild and config, the page with channels, the
    # data_access audit entry; the total comes from the cache (actionitems.totals).
    assert counts == [4, 4]


def test_get_one(member, guild, items):
    response = member.client.get(_url(guild, f"/{items[0].public_id}"))

    assert response.status_code == 200
    assert response.json()["id"] == items[0].public_id
    assert set(response.json()) == ITEM_FIELDS


def test_get_unknown_or_another_guilds_item_is_404(member, guild, items):
    foreign = ActionItemFactory()

    for item_id in [foreign.public_id, "000000000000"]:
        response = member.client.get(_url(guild, f"/{item_id}"))

        assert response.status_code == 404
        assert response.json()["error"]["code"] == "NOT_FOUND"


def test_a_malformed_item_id_is_a_400(member, guild, items):
    response = member.client.get(_url(guild, "/not-an-id"))

    assert response.status_code == 400
    assert response.json()["error"]["details"]["field"] == "itemId"


def test_create_with_the_spec_example(manager, guild, channels):
    body = {
        "channel_id": str(channels[0].id),
        "summary": "Meeting follow-up tasks",
        "text": "Schedule follow-up meeting with team",
        "priority": "high",
        "category": "meeting",
        "assigned_to": "user123",
    }

    response = manager.client.post(_url(guild), body, format="json")

    assert response.status_code == 201
    created = response.json()
    assert {k: created[k] for k in body} == body
    assert created["channel_name"] == "general"
    assert created["status"] == "pending"
    item = ActionItem.objects.get(public_id=created["id"])
    assert (item.created_by, item.source, item.priority) == ("manager01", "api", Priority.HIGH)
    assert re.fullmatch(r"[0-9a-f]{12}", created["id"])


def test_create_with_defaults_and_a_due_date(manager, guild, channels):
    response = manager.client.post(
        _url(guild),
        {
            "channel_id": str(channels[1].id),
            "text": "  Follow up on project proposal ",
            "due_date": "2026-12-01",
        },
        format="json",
    )

    created = response.json()
    assert response.status_code == 201
    assert (created["text"], created["priority"], created["category"]) == (
        "Follow up on project proposal",
        "medium",
        "general",
    )
    assert created["due_date"] == "2026-12-01"
    assert created["summary"] == ""


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"channel_id": None}, "channel_id"),
        ({"channel_id": "123"}, "channel_id"),
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 501}, "text"),
        ({"text": 5}, "text"),
        ({"text": "a\x00b"}, "text"),
        ({"priority": "urgent"}, "priority"),
        ({"priority": 3}, "priority"),
        ({"category": "chores"}, "category"),
        ({"assigned_to": "has space"}, "assigned_to"),
        ({"assigned_to": "x" * 33}, "assigned_to"),
        ({"due_date": "tomorrow"}, "due_date"),
        ({"status": "completed"}, "status"),
    ],
)
def test_create_validation(manager, guild, channels, change, field):
    body = {"channel_id": str(channels[0].id), "text": "Write the notes"} | change

    response = manager.client.post(_url(guild), body, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["details"]["field"] == field
    assert not ActionItem.objects.exists()


def test_create_in_another_guilds_channel_is_refused(manager, guild, channels):
    response = manager.client.post(
        _url(guild), {"channel_id": str(ChannelFactory().id), "text": "Sneak in"}, format="json"
    )

    assert response.json()["error"]["details"] == {
        "field": "channel_id",
        "issue": "Channel not found",
    }


def test_put_with_the_spec_example(manager, guild, items):
    body = {
        "text": "Schedule follow-up meeting with team - UPDATED",
        "priority": "medium",
        "status": "in_progress",
        "assigned_to": "user456",
    }

    response = manager.client.put(_url(guild, f"/{items[0].public_id}"), body, format="json")

    assert response.status_code == 200
    assert {k: response.json()[k] for k in body} == body
    items[0].refresh_from_db()
    assert items[0].status == Status.IN_PROGRESS
    assert items[0].updated_at > items[0].created_at


def test_put_can_unassign(manager, guild, items):
    ActionItem.objects.filter(pk=items[0].pk).update(assigned_to="user456")

    response = manager.client.put(
        _url(guild, f"/{items[0].public_id}"), {"assigned_to": None}, format="json"
    )

    assert response.json()["assigned_to"] is None


def test_put_validation_changes_nothing(manager, guild, items):
    url = _url(guild, f"/{items[0].public_id}")
    for body, field in [
        ({"status": "done"}, "status"),
        ({"text": ""}, "text"),
        ({"channel_id": "1"}, "channel_id"),
        ({"priority": None}, "priority"),
    ]:
        response = manager.client.put(url, body, format="json")

        assert response.status_code == 400
        assert response.json()["error"]["details"]["field"] == field
    before = items[0].updated_at
    items[0].refresh_from_db()
    assert items[0].updated_at == before


def test_delete(manager, guild, items):
    response = manager.client.delete(_url(guild, f"/{items[0].public_id}"))

    assert response.status_code == 204
    assert not ActionItem.objects.filter(pk=items[0].pk).exists()
    assert manager.client.get(_url(guild, f"/{items[0].public_id}")).status_code == 404


def test_status_change_returns_the_item_and_stamps_completion(manager, guild, items):
    url = _url(guild, f"/{items[0].public_id}/status")

    done = manager.client.patch(url, {"status": "completed"}, format="json")
    reopened = manager.client.patch(url, {"status": "pending"}, format="json")

    assert done.status_code == 200
    assert done.json()["status"] == "completed"
    assert done.json()["completed_at"] is not None
    assert reopened.json()["completed_at"] is None


def test_the_assignee_may_move_their_own_item(member, guild, items):
    ActionItem.objects.filter(pk=items[0].pk).update(assigned_to="member001")

    response = member.client.patch(
        _url(guild, f"/{items[0].public_id}/status"), {"status": "in_progress"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"


def test_a_member_may_not_move_someone_elses_item(member, guild, items):
    ActionItem.objects.filter(pk=items[0].pk).update(assigned_to="someone")

    response = member.client.patch(
        _url(guild, f"/{items[0].public_id}/status"), {"status": "completed"}, format="json"
    )

    assert response.status_code == 403
    items[0].refresh_from_db()
    assert items[0].status == Status.PENDING


@pytest.mark.parametrize(
    "body", [{}, {"status": "finished"}, {"status": None}, {"status": "completed", "x": 1}]
)
def test_status_validation(manager, guild, items, body):
    response = manager.client.patch(
        _url(guild, f"/{items[0].public_id}/status"), body, format="json"
    )

    assert response.status_code == 400
