"""Discord and webhook receivers that hang: bounded in time, recorded, and retried.

Most of this is tested where the code lives; these add the ends the others leave open.

- Discord 429s (waited out, or refused when longer than we wait, or a Cloudflare ban),
  5xx (a few quick retries), timeouts: tests/bot/test_discord_rest.py.
- A sweep meeting a 429 or a 5xx, recorded per channel, retried by the next sweep:
  tests/sweeps/test_pipeline.py.
- A hanging, trickling or failing receiver, one attempt at a time; Retry-After; backoff;
  disabling after three days: tests/webhooks/test_delivery.py, test_retries.py,
  test_worker.py.
"""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from sweeps.models import ChannelCursor, Sweep, SweepChannelStat
from sweeps.pipeline import sweep_run
from sweeps.services import sweep_request
from tests.polling import wait_for
from tests.sweeps.helpers import mirror_guild
from tests.webhooks.conftest import ALL_EVENTS
from tests.webhooks.receiver import Receiver, Reply
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.signing import new_secret


def _sweep(world) -> Sweep:
    sweep = sweep_request(guild=world.guild, trigger=Sweep.Trigger.API, enqueue=False)
    sweep_run(sweep_id=sweep.pk)
    sweep.refresh_from_db()
    return sweep


@pytest.mark.django_db
def test_a_hanging_discord_costs_one_timeout_per_request_and_the_next_sweep_reads_it(
    fake_discord, settings
):
    settings.DISCORD_TOKEN = fake_discord.token
    settings.DISCORD_API_BASE = fake_discord.api_base
    settings.DISCORD_TIMEOUT_SECONDS = 1
    world = mirror_guild(fake_discord, messages_per_channel=120)
    hanging = world.channels[0]
    fake_discord.hang(hanging.id, seconds=30, times=None)
    started = time.monotonic()

    first = _sweep(world)

    assert time.monotonic() - started < 6, "one bounded wait, not a stuck worker"
    assert first.status == Sweep.Status.COMPLETED
    assert "timed out" in SweepChannelStat.objects.get(sweep=first, channel=hanging).error
    assert not ChannelCursor.objects.filter(channel=hanging).exists()
    fake_discord.clear_faults()

    second = _sweep(world)

    stat = SweepChannelStat.objects.get(sweep=second, channel=hanging)
    assert (stat.error, stat.messages_processed) == ("", 120)


@pytest.mark.django_db(transaction=True)
def test_a_hanging_receiver_holds_a_real_worker_for_the_timeout_only(service, guild, receiver):
    service.env["WEBHOOK_TIMEOUT_SECONDS"] = "2"
    service.start_worker()
    receiver.reply(Reply(hang=30))
    with Receiver() as healthy:
        deliveries = [
            WebhookDelivery.objects.create(
                endpoint=WebhookEndpoint.objects.create(
                    guild=guild, url=f"{url}/hook", events=ALL_EVENTS, secret=new_secret()
                ),
                event="ping",
                payload={"guild_id": str(guild.id)},
                next_attempt_at=timezone.now() - timedelta(seconds=index),
            )
            for index, url in enumerate([healthy.url, receiver.url])
        ]
        stuck, fine = deliveries[1], deliveries[0]  # the hanging one is due first
        service.beat("webhooks.retry_due_deliveries")

        healthy.wait_for(1, seconds=15)
        recorded = wait_for(
            lambda: WebhookDelivery.objects.filter(pk=stuck.pk, attempt_count=1).first(),
            15,
            "the timed-out attempt to be recorded",
        )

    attempt = recorded.attempts.get()
    assert "Timed out" in attempt.error
    assert attempt.response_status is None
    assert attempt.duration_ms < 3500, "given up after the timeout, not after the hang"
    assert recorded.status == "pending"
    assert recorded.next_attempt_at > timezone.now(), "retried later, with backoff"
    # The healthy receiver answered; the worker records that after the hung attempt.
    wait_for(
        lambda: WebhookDelivery.objects.filter(pk=fine.pk, status="succeeded").exists(),
        15,
        "the healthy delivery to be recorded as succeeded",
    )

    WebhookDelivery.objects.filter(pk=stuck.pk).update(next_attempt_at=timezone.now())
    service.beat("webhooks.retry_due_deliveries")

    done = wait_for(
        lambda: WebhookDelivery.objects.filter(pk=stuck.pk, status="succeeded").first(),
        15,
        "the retry",
    )
    assert list(done.attempts.order_by("id").values_list("response_status", flat=True)) == [
        None,
        200,
    ]
