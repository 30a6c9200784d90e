from datetime import timedelta

import pytest
from django.utils import timezone

from guilds.models import Channel
from sweeps.models import Sweep
from sweeps.services import sweeps_dispatch_due


@pytest.fixture
def due(guild, channels, settings):
    settings.DISCORD_TOKEN = "token"
    Channel.objects.filter(id=channels[0].id).update(monitored=True)
    return guild


def test_a_guild_never_swept_is_due(due):
    queued = sweeps_dispatch_due()

    assert [sweep.guild for sweep in queued] == [due]
    assert queued[0].trigger == Sweep.Trigger.SCHEDULE
    due.config.refresh_from_db()
    assert due.config.next_sweep_at > timezone.now() + timedelta(hours=5)


def test_a_guild_not_yet_due_is_left(due):
    due.config.next_sweep_at = timezone.now() + timedelta(minutes=5)
    due.config.save()

    assert sweeps_dispatch_due() == []


def test_inactive_guilds_and_guilds_without_monitored_channels_are_left(due, channels):
    Channel.objects.update(monitored=False)
    other_config = due.config
    assert sweeps_dispatch_due() == []
    other_config.refresh_from_db()
    assert other_config.next_sweep_at is not None

    Channel.objects.filter(id=channels[0].id).update(monitored=True)
    other_config.active = False
    other_config.next_sweep_at = None
    other_config.save()
    assert sweeps_dispatch_due() == []


def test_a_guild_with_a_sweep_running_is_not_given_another(due):
    Sweep.objects.create(guild=due, status=Sweep.Status.RUNNING, heartbeat_at=timezone.now())

    assert sweeps_dispatch_due() == []
    assert Sweep.objects.count() == 1


def test_without_a_discord_token_nothing_is_dispatched(due, settings):
    settings.DISCORD_TOKEN = ""

    assert sweeps_dispatch_due() == []
    assert not Sweep.objects.exists()


def test_a_sweep_that_went_quiet_is_enqueued_again(
    due, settings, django_capture_on_commit_callbacks
):
    settings.SWEEP_STALL_SECONDS = 60
    quiet = Sweep.objects.create(
        guild=due,
        status=Sweep.Status.RUNNING,
        heartbeat_at=timezone.now() - timedelta(minutes=5),
    )

    with django_capture_on_commit_callbacks() as callbacks:
        sweeps_dispatch_due()

    assert len(callbacks) == 1
    quiet.refresh_from_db()
    assert quiet.heartbeat_at > timezone.now() - timedelta(seconds=5)


def test_a_sweep_abandoned_for_twice_its_time_limit_is_failed(due, settings):
    settings.SWEEP_TIME_LIMIT_SECONDS = 60
    old = Sweep.objects.create(
        guild=due, status=Sweep.Status.QUEUED, triggered_at=timezone.now() - timedelta(hours=1)
    )

    sweeps_dispatch_due()

    old.refresh_from_db()
    assert old.status == Sweep.Status.FAILED
    assert old.error.startswith("Abandoned")
