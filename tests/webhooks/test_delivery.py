"""Delivery attempts against a real local receiver: signing, retries, disabling, bounds."""

import json
import logging
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ChannelFactory
from tests.webhooks.conftest import github_signature, standard_signature
from tests.webhooks.receiver import Receiver, Reply
from webhooks import addresses
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.retries import MAX_ATTEMPTS
from webhooks.services import LEASE, deliveries_claim_due, delivery_attempt, event_emit


def _emit(guild, django_capture_on_commit_callbacks) -> WebhookDelivery:
    with django_capture_on_commit_callbacks():
        (delivery,) = event_emit(
            guild=guild,
            event="action_item.created",
            payload={"action_item": {"id": "abc123def456", "text": "Ship it", "priority": "high"}},
        )
    return delivery


@pytest.fixture
def emit(guild, endpoint, django_capture_on_commit_callbacks):
    return lambda: _emit(guild, django_capture_on_commit_callbacks)


def _attempt(delivery: WebhookDelivery) -> WebhookDelivery:
    """Make the next attempt as the lease holder would (the beat's claim, or the first send)."""
    delivery.refresh_from_db()
    delivery_attempt(delivery_id=delivery.pk, lease=delivery.next_attempt_at.isoformat())
    delivery.refresh_from_db()
    return delivery


def test_a_delivery_is_signed_both_ways_over_the_exact_body(endpoint, emit, receiver):
    delivery = _attempt(emit())

    (request,) = receiver.requests
    headers, body = request.headers, request.body
    assert headers["content-type"] == "application/json"
    assert headers["x-webhook-signature"] == github_signature(endpoint.secret, body)
    assert headers["webhook-signature"] == standard_signature(endpoint.secret, headers, body)
    assert headers["x-webhook-id"] == headers["webhook-id"] == delivery.event_id
    assert headers["x-webhook-timestamp"] == headers["webhook-timestamp"]
    assert abs(int(headers["webhook-timestamp"]) - time.time()) < 10
    payload = json.loads(body)
    assert payload["id"] == delivery.event_id
    assert payload["event"] == "action_item.created"
    assert payload["action_item"]["text"] == "Ship it"
    assert request.path == "/hook"
    assert delivery.status == "succeeded"
    assert delivery.next_attempt_at is None
    (attempt,) = delivery.attempts.all()
    assert (attempt.succeeded, attempt.response_status, attempt.response_excerpt) == (
        True,
        200,
        "ok",
    )


def test_retries_keep_the_event_id_and_sign_each_attempt_afresh(endpoint, emit, receiver):
    receiver.reply(Reply(status=500, body=b"boom"), Reply(status=502))
    delivery = emit()

    first = _attempt(delivery)
    endpoint.refresh_from_db()
    assert first.status == "pending"
    assert endpoint.failing_since is not None
    assert timedelta(seconds=40) < first.next_attempt_at - timezone.now() < timedelta(seconds=80)
    _attempt(delivery)
    done = _attempt(delivery)

    bodies = [json.loads(r.body) for r in receiver.requests]
    assert {b["id"] for b in bodies} == {delivery.event_id}
    assert {r.header("webhook-id") for r in receiver.requests} == {delivery.event_id}
    for request in receiver.requests:
        assert request.header("x-webhook-signature") == github_signature(
            endpoint.secret, request.body
        )
    assert (done.status, done.attempt_count) == ("succeeded", 3)
    statuses = list(done.attempts.values_list("response_status", "succeeded", "response_excerpt"))
    assert statuses == [(500, False, "boom"), (502, False, "ok"), (200, True, "ok")]
    endpoint.refresh_from_db()
    assert endpoint.failing_since is None


def test_retry_after_is_honoured(emit, receiver):
    receiver.reply(Reply(status=429, headers={"Retry-After": "7200"}))

    delivery = _attempt(emit())

    assert delivery.next_attempt_at - timezone.now() > timedelta(hours=1, minutes=59)


def test_a_redirect_is_a_failure_and_is_not_followed(emit, receiver):
    with Receiver() as elsewhere:
        receiver.reply(Reply(status=302, headers={"Location": f"{elsewhere.url}/stolen"}))

        delivery = _attempt(emit())

        assert elsewhere.requests == []
    assert delivery.status == "pending"
    assert delivery.attempts.get().response_status == 302


def test_410_disables_the_endpoint_at_once(endpoint, emit, receiver):
    receiver.reply(Reply(status=410))
    delivery, other = emit(), emit()

    delivery = _attempt(delivery)

    endpoint.refresh_from_db()
    other.refresh_from_db()
    assert (delivery.status, endpoint.active) == ("failed", False)
    assert "410" in endpoint.disabled_reason
    assert (other.status, other.next_attempt_at) == ("failed", None)


@pytest.fixture
def digest_channel(guild, fake_discord, settings):
    settings.DISCORD_TOKEN = fake_discord.token
    settings.DISCORD_API_BASE = fake_discord.api_base
    settings.DISCORD_TIMEOUT_SECONDS = 5
    channel = ChannelFactory(guild=guild, id=fake_discord.general_id, name="general")
    guild.config.sweep_output_channel = channel
    guild.config.save()
    return channel


def test_three_days_of_failures_disable_the_endpoint_and_tell_the_guild(
    endpoint, emit, receiver, digest_channel, fake_discord, django_capture_on_commit_callbacks
):
    receiver.default = Reply(status=503)
    delivery = emit()
    _attempt(delivery)
    assert WebhookEndpoint.objects.get().active
    WebhookEndpoint.objects.update(failing_since=timezone.now() - timedelta(days=3, minutes=1))

    with django_capture_on_commit_callbacks(execute=True):
        delivery = _attempt(delivery)

    endpoint.refresh_from_db()
    assert (endpoint.active, delivery.status) == (False, "failed")
    assert endpoint.disabled_reason == "Every attempt failed for three days"
    (notice,) = fake_discord.posted(fake_discord.general_id)
    assert endpoint.public_id in notice["content"]
    assert "127.0.0.1" in notice["content"]
    assert "/hook" not in notice["content"]


def test_a_notice_discord_refuses_is_logged_not_raised(
    endpoint,
    emit,
    receiver,
    digest_channel,
    fake_discord,
    django_capture_on_commit_callbacks,
    caplog,
):
    receiver.default = Reply(status=410)
    fake_discord.fail_always(status=500)

    with django_capture_on_commit_callbacks(execute=True):
        _attempt(emit())

    endpoint.refresh_from_db()
    assert endpoint.active is False
    assert "Could not tell guild" in caplog.text


def test_a_hanging_receiver_is_given_up_on_in_time(emit, receiver, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    receiver.reply(Reply(hang=10))
    started = time.monotonic()

    delivery = _attempt(emit())

    assert time.monotonic() - started < 3
    attempt = delivery.attempts.get()
    assert attempt.response_status is None
    assert "Timed out" in attempt.error
    assert delivery.status == "pending"


def test_a_receiver_trickling_its_answer_is_given_up_on_in_time(emit, receiver, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    receiver.reply(Reply(body=b"x" * 100, trickle=0.1))
    started = time.monotonic()

    delivery = _attempt(emit())

    assert time.monotonic() - started < 3
    assert "Timed out" in delivery.attempts.get().error


def test_a_huge_answer_is_read_only_up_to_the_cap(emit, receiver):
    receiver.reply(Reply(body=b"y" * 5_000_000))

    delivery = _attempt(emit())

    attempt = delivery.attempts.get()
    assert attempt.succeeded
    assert len(attempt.response_excerpt) == 1000


def test_dns_rebinding_is_refused_at_send_time(guild, receiver, owner, monkeypatch, settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    answers = {"rebind.example.com": ["93.184.215.14"]}
    monkeypatch.setattr(addresses, "resolve", lambda host, port: answers[host])
    response = owner.client.post(
        f"/v1/guilds/{guild.id}/webhooks",
        {"url": f"https://rebind.example.com:{receiver.port}/hook", "events": ["ping"]},
        format="json",
    )
    assert response.status_code == 201
    answers["rebind.example.com"] = ["127.0.0.1"]
    ping = owner.client.post(f"/v1/guilds/{guild.id}/webhooks/{response.json()['id']}/test")

    delivery = _attempt(WebhookDelivery.objects.get(public_id=ping.json()["id"]))

    assert receiver.requests == []
    assert delivery.status == "pending"
    assert delivery.attempts.get().error.startswith("Refused: The host resolves to a loopback")


def test_it_connects_to_the_checked_address_with_the_name_as_host(
    guild, receiver, loopback, monkeypatch, django_capture_on_commit_callbacks
):
    """``pinned.test`` exists only in the patched resolver, so only a pinned send arrives."""
    loopback.DEBUG = True
    monkeypatch.setattr(addresses, "resolve", lambda host, port: ["127.0.0.1"])
    WebhookEndpoint.objects.create(
        guild=guild,
        url=f"http://pinned.test:{receiver.port}/in?k=v",
        events=["action_item.created"],
        secret="whsec_AAAA",
    )

    delivery = _attempt(_emit(guild, django_capture_on_commit_callbacks))

    (request,) = receiver.requests
    assert request.header("host") == f"pinned.test:{receiver.port}"
    assert request.path == "/in?k=v"
    assert delivery.status == "succeeded"


def test_it_gives_up_when_the_schedule_is_spent(emit, receiver):
    receiver.default = Reply(status=500)
    delivery = emit()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempt_count=MAX_ATTEMPTS - 1)

    delivery = _attempt(delivery)

    assert (delivery.status, delivery.attempt_count, delivery.next_attempt_at) == (
        "failed",
        MAX_ATTEMPTS,
        None,
    )


def test_a_stale_or_repeated_message_sends_nothing(emit, receiver):
    delivery = emit()
    lease = delivery.next_attempt_at.isoformat()
    delivery_attempt(delivery_id=delivery.pk, lease=lease)

    assert delivery_attempt(delivery_id=delivery.pk, lease=lease) is None
    assert len(receiver.requests) == 1


def test_the_beat_claims_due_deliveries_only(emit, django_capture_on_commit_callbacks):
    due, _later = emit(), emit()
    WebhookDelivery.objects.filter(pk=due.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )

    with django_capture_on_commit_callbacks() as callbacks:
        assert deliveries_claim_due() == 1

    due.refresh_from_db()
    assert due.next_attempt_at > timezone.now() + LEASE - timedelta(seconds=5)
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks():
        assert deliveries_claim_due() == 0


def test_no_secret_in_logs_or_attempt_rows(endpoint, emit, receiver, caplog, settings):
    caplog.set_level(logging.DEBUG)
    receiver.reply(Reply(status=500, echo_headers=True), Reply(status=410, echo_headers=True))
    delivery = emit()

    _attempt(delivery)
    _attempt(delivery)

    secret = endpoint.secret
    assert caplog.records
    assert secret not in caplog.text
    assert secret.removeprefix("whsec_") not in caplog.text
    for row in WebhookAttempt.objects.values_list():
        assert secret.removeprefix("whsec_") not in repr(row)
    assert "webhook-signature" in WebhookAttempt.objects.first().response_excerpt
    assert secret.removeprefix("whsec_") not in json.dumps(
        list(WebhookDelivery.objects.values("payload"))
    )
