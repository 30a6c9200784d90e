"""Webhooks delivered by a real Celery worker on the configured broker (never eager mode)."""

import json
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from noteticketing.celery import app
from sweeps.models import Sweep
from sweeps.services import sweep_request
from tests.polling import wait_for
from tests.sweeps.helpers import mirror_guild
from tests.webhooks.conftest import ALL_EVENTS, github_signature, standard_signature
from tests.webhooks.receiver import Reply
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.signing import new_secret
from webhooks.tasks import retry_due_deliveries

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(transactional_db, loopback):
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING") as running:
        yield running


def _create_item(owner, guild, channel):
    return owner.client.post(
        f"/v1/guilds/{guild.id}/action-items",
        {"channel_id": str(channel.id), "text": "Schedule follow-up meeting", "priority": "high"},
        format="json",
    )


def test_an_item_created_through_the_api_reaches_the_receiver_signed(
    worker, owner, guild, channels, endpoint, receiver
):
    created = _create_item(owner, guild, channels[0])

    (request,) = receiver.wait_for(1)
    body = json.loads(request.body)
    assert request.header("x-webhook-signature") == github_signature(endpoint.secret, request.body)
    assert request.header("webhook-signature") == standard_signature(
        endpoint.secret, request.headers, request.body
    )
    assert body["event"] == "action_item.created"
    assert body["guild_id"] == str(guild.id)
    assert body["action_item"]["id"] == created.json()["id"]
    assert body["action_item"]["channel_name"] == "general"
    delivery = wait_for(
        lambda: WebhookDelivery.objects.filter(status="succeeded").first(), what="success"
    )
    assert body["id"] == delivery.event_id


def test_a_failed_attempt_is_retried_when_the_beat_claims_it(
    worker, owner, guild, channels, endpoint, receiver
):
    receiver.reply(Reply(status=500, body=b"down for maintenance"))
    _create_item(owner, guild, channels[0])
    receiver.wait_for(1)
    delivery = wait_for(
        lambda: WebhookDelivery.objects.filter(attempt_count=1).first(), what="the first attempt"
    )
    assert delivery.status == "pending"
    assert delivery.next_attempt_at > timezone.now()

    retry_due_deliveries.delay()
    time.sleep(1)
    assert len(receiver.requests) == 1, "not due yet, so the beat leaves it alone"
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    retry_due_deliveries.delay()

    first, second = receiver.wait_for(2)
    assert json.loads(first.body)["id"] == json.loads(second.body)["id"] == delivery.event_id
    assert first.header("webhook-id") == second.header("webhook-id")
    done = wait_for(
        lambda: WebhookDelivery.objects.filter(status="succeeded").first(), what="the retry"
    )
    assert list(done.attempts.values_list("response_status", flat=True)) == [500, 200]


def test_redelivery_sends_the_same_event_again(worker, owner, guild, endpoint, receiver):
    ping = owner.client.post(f"/v1/guilds/{guild.id}/webhooks/{endpoint.public_id}/test")
    receiver.wait_for(1)
    wait_for(lambda: WebhookDelivery.objects.filter(status="succeeded").exists(), what="ping")

    response = owner.client.post(
        f"/v1/guilds/{guild.id}/webhooks/{endpoint.public_id}"
        f"/deliveries/{ping.json()['id']}/redeliver"
    )

    assert response.status_code == 202
    first, second = receiver.wait_for(2)
    assert json.loads(first.body)["event"] == "ping"
    assert json.loads(first.body)["id"] == json.loads(second.body)["id"]
    listed = owner.client.get(
        f"/v1/guilds/{guild.id}/webhooks/{endpoint.public_id}/deliveries"
    ).json()
    wait_for(lambda: WebhookDelivery.objects.filter(status="succeeded").exists(), what="redelivery")
    assert listed["total"] == 1


def test_a_sweep_emits_its_items_and_its_completion(worker, fake_discord, receiver, settings):
    settings.DISCORD_TOKEN = fake_discord.token
    settings.DISCORD_API_BASE = fake_discord.api_base
    settings.DISCORD_TIMEOUT_SECONDS = 5
    world = mirror_guild(fake_discord, messages_per_channel=60)
    WebhookEndpoint.objects.create(
        guild=world.guild, url=f"{receiver.url}/hook", events=ALL_EVENTS, secret=new_secret()
    )

    sweep = sweep_request(guild=world.guild, trigger=Sweep.Trigger.API)

    def completed():
        return [r for r in receiver.requests if json.loads(r.body)["event"] == "sweep.completed"]

    (done,) = wait_for(completed, seconds=60, what="sweep.completed")
    sweep.refresh_from_db()
    assert json.loads(done.body)["sweep"]["id"] == sweep.public_id
    expected = sweep.action_items_found + 1
    wait_for(lambda: len(receiver.requests) >= expected, what="every item's event")
    created = [json.loads(r.body) for r in receiver.requests]
    created = [b for b in created if b["event"] == "action_item.created"]
    assert len(created) == sweep.action_items_found > 0
    assert all(b["action_item"]["channel_name"] for b in created)
