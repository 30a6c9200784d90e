"""A worker SIGKILLed in the middle of a webhook delivery.

The delivery is completed by a restarted worker once the killed worker's lease runs
out. Delivery is at-least-once: the killed attempt may already have reached the
receiver, so the receiver can get the event twice, both times with the same event id
(the body's ``id`` and the ``webhook-id`` header), which is what it deduplicates on.
The delivery itself is recorded once: one successful attempt, ``succeeded``.

(A worker killed mid-sweep: tests/sweeps/test_worker.py.)
"""

import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.polling import wait_for
from tests.webhooks.conftest import ALL_EVENTS
from tests.webhooks.receiver import Reply
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.signing import new_secret

pytestmark = pytest.mark.django_db(transaction=True)


def _deduplicated(requests) -> dict[str, dict]:
    """What a receiver that keeps the first of each event id ends up with."""
    kept: dict[str, dict] = {}
    for request in requests:
        body = json.loads(request.body)
        assert request.header("webhook-id") == body["id"]
        kept.setdefault(body["id"], body)
    return kept


def test_a_delivery_cut_off_by_sigkill_is_completed_once_by_a_restarted_worker(
    service, guild, receiver
):
    endpoint = WebhookEndpoint.objects.create(
        guild=guild, url=f"{receiver.url}/hook", events=ALL_EVENTS, secret=new_secret()
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="ping",
        payload={"guild_id": str(guild.id), "message": "hello"},
        next_attempt_at=timezone.now(),
    )
    receiver.reply(Reply(hang=20))  # the first attempt is still waiting when the worker dies
    service.env["WEBHOOK_TIMEOUT_SECONDS"] = "30"
    service.start_worker()

    service.beat("webhooks.retry_due_deliveries")
    receiver.wait_for(1)
    service.kill_worker()

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == ("pending", 0)
    assert not delivery.attempts.exists()
    leased_until = delivery.next_attempt_at
    assert leased_until > timezone.now() + timedelta(minutes=4), "the dead worker's lease"

    service.start_worker()
    service.beat("webhooks.retry_due_deliveries")
    time.sleep(2)
    assert len(receiver.requests) == 1, "while the lease holds, the beat leaves it alone"
    # Five minutes on: the lease has run out.
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    service.beat("webhooks.retry_due_deliveries")

    done = wait_for(
        lambda: WebhookDelivery.objects.filter(pk=delivery.pk, status="succeeded").first(),
        30,
        "the restarted worker to deliver",
    )
    assert done.attempt_count == 1
    assert list(done.attempts.values_list("response_status", flat=True)) == [200]
    time.sleep(1)
    assert len(receiver.requests) == 2, "at least once: the cut-off attempt and the retry"
    assert list(_deduplicated(receiver.requests)) == [delivery.event_id]
