from datetime import timedelta

import pytest
from django.utils import timezone

from guilds.models import Channel
from sweeps.models import Sweep
from tests.factories import ActionItemFactory, ChannelFactory


def _url(guild, suffix: str) -> str:
    return f"/v1/guilds/{guild.id}/sweep/{suffix}"


@pytest.fixture
def monitored(guild, channels):
    Channel.objects.filter(id__in=[channels[0].id, channels[1].id]).update(monitored=True)
    guild.config.sweep_output_channel = channels[2]
    guild.config.save()
    return channels[:2]


def test_status_of_a_guild_never_swept(member, guild, monitored):
    ActionItemFactory(channel=monitored[0])
    before = timezone.now().replace(microsecond=0)

    body = member.client.get(_url(guild, "status")).json()

    next_time = body.pop("next_sweep_time")
    assert body == {
        "guild_id": str(guild.id),
        "active": True,
        "interval_hours": 6,
        "last_sweep_time": None,
        "output_channel_id": str(guild.config.sweep_output_channel_id),
        "monitored_channels": 2,
        "total_action_items": 1,
    }
    assert next_time >= before.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_next_sweep_is_the_last_plus_the_interval(member, guild, monitored):
    guild.config.last_sweep_time = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    guild.config.sweep_interval_hours = 4
    guild.config.save()

    body = member.client.get(_url(guild, "status")).json()

    expected = guild.config.last_sweep_time + timedelta(hours=4)
    assert body["next_sweep_time"] == expected.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_an_inactive_guild_has_no_next_sweep(member, guild):
    guild.config.active = False
    guild.config.save()

    assert member.client.get(_url(guild, "status")).json()["next_sweep_time"] is None


def test_trigger_answers_202_with_the_queued_sweep(manager, guild, monitored):
    response = manager.client.post(
        _url(guild, "trigger"),
        {"channel_ids": [str(monitored[0].id)], "force": False},
        format="json",
    )

    assert response.status_code == 202
    body = response.json()
    assert body["id"].startswith("sweep_")
    assert (body["status"], body["channel_ids"], body["trigger"]) == (
        "queued",
        [str(monitored[0].id)],
        "api",
    )
    sweep = Sweep.objects.get(public_id=body["id"])
    assert sweep.triggered_by == "manager01"


def test_trigger_with_an_empty_body_sweeps_every_monitored_channel(manager, guild, monitored):
    response = manager.client.post(_url(guild, "trigger"), {}, format="json")

    assert response.status_code == 202
    assert response.json()["channel_ids"] == []


@pytest.mark.parametrize(
    "channel_ids",
    [["{unmonitored}"], ["{foreign}"], ["abc"], [], "123", [123]],
)
def test_trigger_refuses_channels_that_are_not_monitored_here(
    manager, guild, monitored, channels, channel_ids
):
    values = {"unmonitored": str(channels[2].id), "foreign": str(ChannelFactory().id)}
    if isinstance(channel_ids, list):
        channel_ids = [c.format(**values) if isinstance(c, str) else c for c in channel_ids]

    response = manager.client.post(
        _url(guild, "trigger"), {"channel_ids": channel_ids}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["details"]["field"].startswith("channel_ids")
    assert not Sweep.objects.exists()


def test_trigger_while_a_sweep_is_active_is_a_conflict(manager, guild, monitored):
    Sweep.objects.create(guild=guild, status=Sweep.Status.RUNNING)

    response = manager.client.post(_url(guild, "trigger"), {}, format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "CONFLICT"
    assert Sweep.objects.count() == 1


def test_forcing_supersedes_the_active_sweep(manager, guild, monitored):
    stuck = Sweep.objects.create(guild=guild, status=Sweep.Status.RUNNING)

    response = manager.client.post(_url(guild, "trigger"), {"force": True}, format="json")

    assert response.status_code == 202
    stuck.refresh_from_db()
    assert stuck.status == Sweep.Status.FAILED
    assert Sweep.objects.get(public_id=response.json()["id"]).force is True


def test_force_must_be_a_boolean(manager, guild, monitored):
    response = manager.client.post(_url(guild, "trigger"), {"force": "yes"}, format="json")

    assert response.json()["error"]["details"]["field"] == "force"


def test_history_newest_first_with_paging(member, guild):
    start = timezone.now() - timedelta(days=1)
    sweeps = [
        Sweep.objects.create(
            guild=guild,
            status=Sweep.Status.COMPLETED,
            triggered_at=start + timedelta(hours=n),
            started_at=start + timedelta(hours=n),
            finished_at=start + timedelta(hours=n, seconds=45),
            channels_processed=3,
            messages_processed=150,
            action_items_found=5,
        )
        for n in range(3)
    ]

    body = member.client.get(_url(guild, "history") + "?limit=2").json()

    assert (body["total"], body["limit"], body["offset"]) == (3, 2, 0)
    first = body["sweeps"][0]
    assert first["id"] == sweeps[2].public_id
    assert {k: first[k] for k in ("channels_processed", "messages_processed")} == {
        "channels_processed": 3,
        "messages_processed": 150,
    }
    assert (first["status"], first["duration_seconds"], first["action_items_found"]) == (
        "completed",
        45,
        5,
    )


def test_history_defaults_to_20_and_caps_at_100(member, guild):
    assert member.client.get(_url(guild, "history")).json()["limit"] == 20
    assert member.client.get(_url(guild, "history") + "?limit=101").status_code == 400
