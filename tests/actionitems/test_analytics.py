"""Analytics, the action-item breakdown and stats, on a known dataset.

The clock is fixed at NOW (midday, 15 January 2024, UTC): a period is the last N
calendar days in UTC, today included.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionitems.models import Priority, Status
from guilds.models import GuildMember
from sweeps.models import Sweep, SweepChannelStat
from tests.factories import ActionItemFactory, ChannelFactory

NOW = datetime(2024, 1, 15, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)


def _days_ago(days: float, hours: float = 0):
    return NOW - timedelta(days=days, hours=hours)


def _item(channel, days_ago, **fields):
    at = _days_ago(days_ago)
    return ActionItemFactory(channel=channel, created_at=at, updated_at=at, **fields)


def _sweep(guild, days_ago, messages: dict, status=Sweep.Status.COMPLETED):
    """A sweep ``days_ago`` with ``{channel: messages processed}``."""
    at = _days_ago(days_ago)
    sweep = Sweep.objects.create(guild=guild, status=status, triggered_at=at)
    for channel, count in messages.items():
        SweepChannelStat.objects.create(
            sweep=sweep, guild=guild, channel=channel, messages_processed=count, created_at=at
        )
    return sweep


@pytest.fixture
def dataset(guild, channels):
    general, dev, announcements = channels
    general.monitored = dev.monitored = True
    general.save()
    dev.save()
    # Today: three in #general, one in #dev-chat completed two hours after creation.
    _item(general, 0, priority=Priority.HIGH, category="meeting")
    _item(general, 0, priority=Priority.HIGH, category="meeting")
    _item(general, 0, priority=Priority.LOW, status=Status.IN_PROGRESS)
    _item(dev, 0.5, status=Status.COMPLETED, completed_at=_days_ago(0.5) + timedelta(hours=2))
    # Three days ago: one in #dev-chat, completed after four hours.
    _item(dev, 3, category="bug", status=Status.COMPLETED, completed_at=_days_ago(3, -4))
    # Ten days ago (outside 7d), one in #announcements; 100 days ago, outside every period.
    _item(announcements, 10, category="project", status=Status.ARCHIVED)
    _item(general, 100)
    _sweep(guild, 0, {general: 100, dev: 40})
    _sweep(guild, 3, {dev: 500, announcements: 7})
    _sweep(guild, 10, {announcements: 60}, status=Sweep.Status.FAILED)
    _sweep(guild, 100, {general: 9999})
    return channels


def _get(persona, guild, path, period):
    query = "" if period is None else f"?period={period}"
    return persona.client.get(f"/v1/guilds/{guild.id}/{path}{query}")


def test_analytics_shape_and_figures_for_seven_days(manager, guild, dataset):
    response = _get(manager, guild, "analytics", "7d")

    assert response.status_code == 200
    general, dev, _ = dataset
    assert response.json() == {
        "guild_id": str(guild.id),
        "period": "7d",
        "summary": {
            "total_messages_processed": 647,
            "total_action_items": 5,
            "sweeps_executed": 2,
            "channels_monitored": 2,
        },
        "trends": {
            # 9 January .. 15 January: the item and sweep of three days ago on the 12th.
            "action_items_per_day": [0, 0, 0, 1, 0, 0, 4],
            "messages_processed_per_day": [0, 0, 0, 507, 0, 0, 140],
        },
        "top_channels": [
            {
                "channel_id": str(general.id),
                "channel_name": "general",
                "action_items": 3,
                "messages_processed": 100,
            },
            {
                "channel_id": str(dev.id),
                "channel_name": "dev-chat",
                "action_items": 2,
                "messages_processed": 540,
            },
            {
                "channel_id": str(dataset[2].id),
                "channel_name": "announcements",
                "action_items": 0,
                "messages_processed": 7,
            },
        ],
    }


@pytest.mark.parametrize(("period", "days"), [("1d", 1), ("7d", 7), ("30d", 30), ("90d", 90)])
def test_trends_have_one_entry_per_day_with_zeros(manager, guild, dataset, period, days):
    trends = _get(manager, guild, "analytics", period).json()["trends"]

    assert len(trends["action_items_per_day"]) == days
    assert len(trends["messages_processed_per_day"]) == days
    assert trends["action_items_per_day"][-1] == 4  # today is last
    if days >= 30:
        assert trends["action_items_per_day"][-11] == 1  # ten days ago
        assert trends["messages_processed_per_day"][-11] == 60
        assert sum(trends["action_items_per_day"]) == 6


def test_an_empty_guild_has_zero_figures(manager, guild):
    body = _get(manager, guild, "analytics", "30d").json()

    assert body["summary"] == {
        "total_messages_processed": 0,
        "total_action_items": 0,
        "sweeps_executed": 0,
        "channels_monitored": 0,
    }
    assert body["trends"]["action_items_per_day"] == [0] * 30
    assert body["top_channels"] == []


def test_top_channels_are_at_most_five_by_items_then_messages(manager, guild):
    channels = [ChannelFactory(guild=guild, name=f"c{n}") for n in range(7)]
    for number, channel in enumerate(channels):
        for _ in range(number % 3):
            _item(channel, 1)
    _sweep(guild, 1, {channel: 10 * n for n, channel in enumerate(channels)})

    top = _get(manager, guild, "analytics", "7d").json()["top_channels"]

    # c0..c6 have 0,1,2,0,1,2,0 items and 0,10,..,60 messages.
    assert [(c["channel_name"], c["action_items"]) for c in top] == [
        ("c5", 2),
        ("c2", 2),
        ("c4", 1),
        ("c1", 1),
        ("c6", 0),
    ]


def test_action_item_breakdown_has_every_value(manager, guild, dataset):
    response = _get(manager, guild, "analytics/action-items", "30d")

    assert response.status_code == 200
    assert response.json() == {
        "guild_id": str(guild.id),
        "period": "30d",
        "by_priority": {"low": 1, "medium": 3, "high": 2},
        "by_category": {"meeting": 2, "project": 1, "bug": 1, "general": 2},
        "by_status": {"pending": 2, "in_progress": 1, "completed": 2, "archived": 1},
        "completion_rate": 0.33,
    }


def test_completion_rate_rounds_to_two_decimals_and_is_zero_without_items(manager, guild, channels):
    assert _get(manager, guild, "analytics/action-items", "1d").json()["completion_rate"] == 0
    for status in (Status.COMPLETED, Status.COMPLETED, Status.PENDING):
        _item(channels[0], 0, status=status, completed_at=NOW)

    body = _get(manager, guild, "analytics/action-items", "1d").json()

    assert body["completion_rate"] == 0.67
    assert body["by_status"] == {"pending": 1, "in_progress": 0, "completed": 2, "archived": 0}


def test_stats(manager, guild, dataset):
    response = _get(manager, guild, "stats", "30d")

    assert response.status_code == 200
    assert response.json() == {
        "guild_id": str(guild.id),
        "period": "30d",
        "action_items_created": 6,
        "action_items_completed": 2,
        "action_items_open": 3,
        "messages_processed": 707,
        "sweeps_run": 3,
        "sweeps_failed": 1,
        # Two and four hours: the median of two is their mean.
        "median_completion_seconds": 3 * 3600.0,
    }


def test_stats_median_of_an_odd_count_and_none_without_completions(manager, guild, channels):
    assert _get(manager, guild, "stats", "7d").json()["median_completion_seconds"] is None
    for hours in (1, 5, 2):
        _item(channels[0], 1, status=Status.COMPLETED, completed_at=_days_ago(1, -hours))

    assert _get(manager, guild, "stats", "7d").json()["median_completion_seconds"] == 7200.0


@pytest.mark.parametrize("path", ["analytics", "analytics/action-items", "stats"])
@pytest.mark.parametrize("period", [None, "", "2d", "7D", "30"])
def test_a_missing_or_unknown_period_is_a_400(manager, guild, path, period):
    response = _get(manager, guild, path, period)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert error["details"]["field"] == "period"


@pytest.mark.parametrize("path", ["analytics", "analytics/action-items", "stats"])
def test_analytics_need_can_view_analytics(member, guild, path):
    assert _get(member, guild, path, "7d").status_code == 403

    GuildMember.objects.filter(user_id=member.user_id).update(can_view_analytics=True)

    assert _get(member, guild, path, "7d").status_code == 200


def _data_queries(persona, guild, path) -> int:
    _get(persona, guild, path, "90d")  # warm the key's last-used stamp and the window
    with CaptureQueriesContext(connection) as queries:
        assert _get(persona, guild, path, "90d").status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    # Leave out the embedded cache's own table and its savepoints.
    return len([q for q in sql if "cache" not in q and "SAVEPOINT" not in q])


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # key, membership; items per day, messages per day, sweeps, monitored, top channels
        ("analytics", 7),
        # key, membership; one pass over the period's items
        ("analytics/action-items", 3),
        # key, membership; items, completed, sweeps, messages, median (two on SQLite)
        ("stats", 7 if connection.vendor == "postgresql" else 8),
    ],
)
def test_query_count_does_not_grow_with_the_data(manager, guild, channels, path, expected):
    _item(channels[0], 1, status=Status.COMPLETED, completed_at=NOW)
    small = _data_queries(manager, guild, path)
    for number in range(60):
        channel = channels[number % 3]
        _item(channel, number, status=Status.COMPLETED, completed_at=NOW)
        _sweep(guild, number, {channel: number})

    assert _data_queries(manager, guild, path) == small == expected
