"""Sweeps under a real Celery worker on the configured broker (never eager mode)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection

from actionitems.models import ActionItem
from noteticketing.celery import app
from sweeps.models import ChannelCursor, Sweep, SweepChannelStat
from sweeps.services import sweep_request, sweeps_dispatch_due
from sweeps.tasks import dispatch_due_sweeps
from tests.factories import api_key_for
from tests.polling import wait_for
from tests.sweeps.helpers import mirror_guild

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def _finished(sweep_id: int):
    return Sweep.objects.filter(pk=sweep_id, finished_at__isnull=False).first()


@pytest.fixture
def discord(fake_discord, settings):
    settings.DISCORD_TOKEN = fake_discord.token
    settings.DISCORD_API_BASE = fake_discord.api_base
    settings.DISCORD_TIMEOUT_SECONDS = 5
    return fake_discord


@pytest.fixture
def worker(transactional_db, discord):
    """A worker thread in this process, on the same broker the service uses."""
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING") as running:
        yield running


def test_a_sweep_triggered_through_the_api_runs_on_the_worker(worker, discord):
    world = mirror_guild(discord, messages_per_channel=260)
    from guilds.models import GuildMember

    GuildMember.objects.filter(user_id="owner0001").update(can_trigger_sweeps=True)
    import httpx  # noqa: F401 - the API is exercised through Django's test client below
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_key_for('owner0001')}")

    response = client.post(f"/v1/guilds/{world.guild.id}/sweep/trigger", {}, format="json")

    assert response.status_code == 202
    sweep_id = Sweep.objects.get(public_id=response.json()["id"]).pk
    sweep = wait_for(lambda: _finished(sweep_id), seconds=60, what="the sweep to finish")
    assert sweep.status == Sweep.Status.COMPLETED
    assert sweep.messages_processed == 780
    assert ActionItem.objects.filter(sweep=sweep).count() == sweep.action_items_found > 0
    assert discord.posted(world.output.id)


def test_beat_dispatch_sweeps_the_guilds_that_are_due(worker, discord):
    world = mirror_guild(discord, messages_per_channel=30)

    dispatch_due_sweeps.delay()

    sweep = wait_for(
        lambda: Sweep.objects.filter(guild=world.guild, finished_at__isnull=False).first(),
        seconds=60,
        what="a dispatched sweep",
    )
    assert (sweep.trigger, sweep.status) == ("schedule", "completed")
    world.guild.config.refresh_from_db()
    assert world.guild.config.next_sweep_at > sweep.triggered_at


def _subprocess_worker(discord) -> subprocess.Popen:
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{database['NAME']}"
    else:
        url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    env = os.environ | {
        "DATABASE_URL": url,
        "DISCORD_TOKEN": discord.token,
        "DISCORD_API_BASE": discord.api_base,
        "DISCORD_TIMEOUT_SECONDS": "30",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "noteticketing", "worker", "--pool", "solo",
         "--loglevel", "INFO", "--without-mingle", "--without-gossip"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def test_a_worker_killed_mid_sweep_leaves_work_that_a_restart_completes_once(
    transactional_db, discord, settings
):
    world = mirror_guild(discord, messages_per_channel=260)
    first, stuck, last = world.channels
    discord.hang(stuck.id, seconds=25, times=1)
    app.control.purge()
    settings.SWEEP_STALL_SECONDS = 1

    killed = _subprocess_worker(discord)
    try:
        sweep = sweep_request(guild=world.guild, trigger=Sweep.Trigger.API)
        wait_for(
            lambda: ChannelCursor.objects.filter(channel=first).exists(),
            seconds=60,
            what="the first channel to be recorded",
        )
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=10)
    finally:
        if killed.poll() is None:
            killed.kill()
    sweep.refresh_from_db()
    assert sweep.status == Sweep.Status.RUNNING
    recorded_before = ActionItem.objects.count()

    restarted = _subprocess_worker(discord)
    try:
        time.sleep(1.5)
        sweeps_dispatch_due()
        done = wait_for(lambda: _finished(sweep.pk), seconds=90, what="the resumed sweep")
    finally:
        restarted.send_signal(signal.SIGTERM)
        restarted.wait(timeout=30)

    assert done.status == Sweep.Status.COMPLETED
    assert Sweep.objects.filter(guild=world.guild).count() == 1
    stats = {
        s.channel_id: s.messages_processed for s in SweepChannelStat.objects.filter(sweep=done)
    }
    assert stats == {first.id: 260, stuck.id: 260, last.id: 260}
    items = ActionItem.objects.filter(guild=world.guild)
    assert items.count() > recorded_before
    pairs = list(items.values_list("source_message_id", "text"))
    assert len(pairs) == len(set(pairs))
