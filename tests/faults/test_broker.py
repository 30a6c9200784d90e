"""The broker (Redis) down while the API takes writes: nothing fails, nothing is lost.

The change commits first and is enqueued after (on commit). When that enqueue finds no
broker it is logged, not raised, and the rows it was about wait where the beat finds
them: a sweep stays ``queued`` and ``dispatch_due_sweeps`` re-enqueues it once it has
waited ``SWEEP_STALL_SECONDS`` unstarted; a webhook delivery keeps the lease its event
gave it, and ``retry_due_deliveries`` claims it when the lease runs out.
"""

import json
import time
from datetime import timedelta

import httpx
import pytest
from django.utils import timezone

from sweeps.models import Sweep
from tests.factories import api_key_for
from tests.polling import wait_for
from tests.sweeps.helpers import mirror_guild
from tests.webhooks.conftest import ALL_EVENTS
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.signing import new_secret

pytestmark = pytest.mark.django_db(transaction=True)


def _received(receiver, event: str) -> list[dict]:
    bodies = [json.loads(request.body) for request in receiver.requests]
    return [body for body in bodies if body["event"] == event]


def test_writes_succeed_while_the_broker_is_down_and_the_work_is_done_when_it_returns(
    service, fake_discord, receiver
):
    world = mirror_guild(fake_discord, messages_per_channel=30)
    WebhookEndpoint.objects.create(
        guild=world.guild, url=f"{receiver.url}/hook", events=ALL_EVENTS, secret=new_secret()
    )
    headers = {"Authorization": f"Bearer {api_key_for('owner0001')}"}
    service.env |= {
        "DISCORD_TOKEN": fake_discord.token,
        "DISCORD_API_BASE": fake_discord.api_base,
        "SWEEP_STALL_SECONDS": "1",
    }
    service.start_web()
    service.start_worker()
    guild_url = f"{service.api}/guilds/{world.guild.id}"

    service.redis.stop()
    created = httpx.post(
        f"{guild_url}/action-items",
        json={"channel_id": str(world.channels[0].id), "text": "Renew the TLS certificate"},
        headers=headers,
        timeout=30,
    )
    triggered = httpx.post(f"{guild_url}/sweep/trigger", json={}, headers=headers, timeout=30)

    assert created.status_code == 201, created.text
    assert triggered.status_code == 202, triggered.text
    sweep = Sweep.objects.get(public_id=triggered.json()["id"])
    assert sweep.status == Sweep.Status.QUEUED
    delivery = WebhookDelivery.objects.get(event="action_item.created")
    assert (delivery.status, delivery.attempt_count) == ("pending", 0)
    assert not receiver.requests
    logged = (service.folder / "web.log").read_text()
    assert f"Broker unreachable; sweep {sweep.pk} waits for dispatch" in logged
    assert "Broker unreachable; 1 deliveries wait for the beat" in logged

    service.redis.start()
    wait_for(
        lambda: service.worker_log.read_text().count("Connected to redis://") >= 2,
        60,
        "the worker to reconnect to the broker",
        every=0.2,
    )
    # The delivery's lease (five minutes) has run out by the time the beat looks again.
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )

    def finished_while_beat_runs():
        """The scheduler keeps ticking (every minute in production; every 5 s here)."""
        if time.monotonic() >= next_beat[0]:
            service.beat("webhooks.retry_due_deliveries")
            service.beat("sweeps.dispatch_due_sweeps")
            next_beat[0] = time.monotonic() + 5
        return Sweep.objects.filter(pk=sweep.pk, finished_at__isnull=False).first()

    next_beat = [0.0]
    done = wait_for(finished_while_beat_runs, 90, "the sweep queued during the outage to finish")
    assert done.status == Sweep.Status.COMPLETED
    assert done.messages_processed == 90
    assert Sweep.objects.filter(guild=world.guild).count() == 1
    wait_for(
        lambda: (
            _received(receiver, "action_item.created") and _received(receiver, "sweep.completed")
        ),
        30,
        "the webhooks",
    )
    (item_event,) = [
        body
        for body in _received(receiver, "action_item.created")
        if body["action_item"]["id"] == created.json()["id"]
    ]
    assert item_event["id"] == delivery.event_id
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == ("succeeded", 1)
    assert fake_discord.posted(world.output.id), "the digest was posted"
