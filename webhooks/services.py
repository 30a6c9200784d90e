"""Write paths of webhooks: endpoints, emitting events, and making delivery attempts.

An event becomes delivery rows in the transaction of the change that caused it, and
is enqueued only once that transaction commits. Each delivery is owned by whoever
holds its lease: ``next_attempt_at`` set into the future by the claim, and passed
to the task, which re-claims it with that exact value before sending. A lost message
is picked up by the beat task when the lease runs out; a late duplicate finds the
lease changed and does nothing.
"""

import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from kombu.exceptions import OperationalError as KombuOperationalError

from guilds.models import Guild, GuildConfig
from noteticketing.api.errors import Conflict
from webhooks import transport
from webhooks.addresses import UnsafeUrl, check_url
from webhooks.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint, new_event_id
from webhooks.retries import parse_retry_after, retry_delay
from webhooks.signing import new_secret, signed_headers

logger = logging.getLogger(__name__)

MAX_ENDPOINTS_PER_GUILD = 10
MAX_PAYLOAD_BYTES = 64 * 1024
# Longer than one bounded attempt; a delivery leased this long ago lost its worker.
LEASE = timedelta(minutes=5)
FAILING_LIMIT = timedelta(days=3)
CLAIM_BATCH = 200
CLAIM_BATCHES = 10
Status = WebhookDelivery.Status


class WebhookLimitReached(Conflict):
    default_detail = f"A guild may have at most {MAX_ENDPOINTS_PER_GUILD} webhooks"


class WebhookDisabled(Conflict):
    default_detail = "The webhook is disabled; enable it first"


class DeliveryPending(Conflict):
    default_detail = "The delivery is still pending"


# --- endpoints -------------------------------------------------------------------------


@transaction.atomic
def endpoint_create(*, guild: Guild, url: str, events: list[str]) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its secret, which the caller shows once. Raises ``UnsafeUrl``."""
    check_url(url)
    Guild.objects.select_for_update().filter(pk=guild.pk).first()
    if WebhookEndpoint.objects.filter(guild=guild).count() >= MAX_ENDPOINTS_PER_GUILD:
        raise WebhookLimitReached()
    secret = new_secret()
    endpoint = WebhookEndpoint.objects.create(guild=guild, url=url, events=events, secret=secret)
    return endpoint, secret


@transaction.atomic
def endpoint_update(
    *,
    endpoint: WebhookEndpoint,
    url: str | None = None,
    events: list[str] | None = None,
    active: bool | None = None,
) -> WebhookEndpoint:
    """Change what is given; enabling clears the failure record, disabling stops deliveries."""
    changed = []
    if url is not None and url != endpoint.url:
        check_url(url)
        endpoint.url = url
        changed.append("url")
    if events is not None and events != endpoint.events:
        endpoint.events = events
        changed.append("events")
    if active is True and not endpoint.active:
        endpoint.active = True
        endpoint.disabled_reason, endpoint.disabled_at, endpoint.failing_since = "", None, None
        changed += ["active", "disabled_reason", "disabled_at", "failing_since"]
    if changed:
        endpoint.save(update_fields=[*changed, "updated_at"])
    if active is False and endpoint.active:
        endpoint_disable(endpoint=endpoint, reason="Disabled through the API", notify=False)
    return endpoint


def endpoint_rotate_secret(*, endpoint: WebhookEndpoint) -> tuple[WebhookEndpoint, str]:
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret", "updated_at"])
    return endpoint, endpoint.secret


@transaction.atomic
def endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    """Delete the endpoint with its deliveries, once no attempt is being recorded on it.

    Recording an attempt locks the endpoint first (``_record``); without taking the same
    lock, a delete that collected the deliveries' attempts just before a worker added one
    failed on the new row's foreign key, and the API answered 409.
    """
    if WebhookEndpoint.objects.select_for_update().filter(pk=endpoint.pk).first():
        endpoint.delete()


@transaction.atomic
def endpoint_disable(*, endpoint: WebhookEndpoint, reason: str, notify: bool = True) -> None:
    """Stop sending: pending deliveries fail, and the guild's digest channel is told."""
    now = timezone.now()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        active=False, disabled_reason=reason[:200], disabled_at=now, updated_at=now
    )
    endpoint.active, endpoint.disabled_reason, endpoint.disabled_at = False, reason[:200], now
    WebhookDelivery.objects.filter(endpoint=endpoint, status=Status.PENDING).update(
        status=Status.FAILED, next_attempt_at=None
    )
    logger.warning("Webhook %s disabled: %s", endpoint.public_id, reason)
    if notify:
        transaction.on_commit(lambda: _tell_guild(endpoint, reason))


def _tell_guild(endpoint: WebhookEndpoint, reason: str) -> None:
    """Post to the digest channel; a failure is logged, never raised."""
    from sweeps import discord_io

    channel_id = (
        GuildConfig.objects.filter(guild_id=endpoint.guild_id)
        .values_list("sweep_output_channel_id", flat=True)
        .first()
    )
    if channel_id is None:
        return
    host = _host_of(endpoint.url)
    content = (
        f"Webhook `{endpoint.public_id}` to {host} was disabled: {reason}. "
        "Enable it again through the API once the receiver works."
    )
    try:
        discord_io.send(channel_id, content=content, embeds=[])
    except Exception as error:  # noqa: BLE001 - a notice must never break delivery
        logger.warning("Could not tell guild %s about webhook %s: %s", endpoint.guild_id,
                       endpoint.public_id, type(error).__name__)  # fmt: skip


def _host_of(url: str) -> str:
    """The host alone: a URL's path or query may carry a receiver's own token."""
    try:
        return urlsplit(url).hostname or "?"
    except ValueError:
        return "?"


# --- events ----------------------------------------------------------------------------


def event_emit(
    *, guild: Guild | int, event: str, payload: dict | Callable[[], dict]
) -> list[WebhookDelivery]:
    """One delivery per active endpoint subscribed to ``event``, sent once this commits.

    ``payload`` may be a function, so that nothing is built when nobody listens.
    """
    guild_id = guild if isinstance(guild, int) else guild.pk
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(guild_id=guild_id, active=True).only(
            "id", "events"
        )
        if event in endpoint.events
    ]
    if not endpoints:
        return []
    if callable(payload):
        payload = payload()
    if len(json.dumps(payload, default=str)) > MAX_PAYLOAD_BYTES:
        logger.error("Webhook event %s of guild %s is too large; not sent", event, guild_id)
        return []
    event_id = new_event_id()
    lease = timezone.now() + LEASE
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            event_id=event_id,
            endpoint=endpoint,
            event=event,
            payload={"guild_id": str(guild_id), **payload},
            next_attempt_at=lease,
        )
        for endpoint in endpoints
    )
    _enqueue_on_commit([delivery.pk for delivery in deliveries], lease)
    return deliveries


def endpoint_ping(*, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A ``ping`` to this endpoint alone, whatever it subscribes to."""
    if not endpoint.active:
        raise WebhookDisabled()
    lease = timezone.now() + LEASE
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=Event.PING,
        payload={
            "guild_id": str(endpoint.guild_id),
            "webhook_id": endpoint.public_id,
            "message": "A test event from NoteTicketing",
        },
        next_attempt_at=lease,
    )
    _enqueue_on_commit([delivery.pk], lease)
    return delivery


@transaction.atomic
def delivery_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a finished delivery again, same event id, with a fresh retry schedule.

    ``attempt_count`` counts the current round; the attempt rows keep every round.
    """
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.status == Status.PENDING:
        raise DeliveryPending()
    if not WebhookEndpoint.objects.filter(pk=delivery.endpoint_id, active=True).exists():
        raise WebhookDisabled()
    delivery.status = Status.PENDING
    delivery.attempt_count = 0
    delivery.next_attempt_at = timezone.now() + LEASE
    delivery.save(update_fields=["status", "attempt_count", "next_attempt_at"])
    _enqueue_on_commit([delivery.pk], delivery.next_attempt_at)
    return delivery


def _enqueue_on_commit(delivery_ids: list[int], lease: datetime) -> None:
    def enqueue() -> None:
        from webhooks.tasks import deliver

        for sent, delivery_id in enumerate(delivery_ids):
            try:
                deliver.delay(delivery_id, lease.isoformat())
            except KombuOperationalError:
                # The broker is down. The change that emitted the event stands; every
                # delivery is committed with its lease, which retry_due_deliveries claims
                # once it runs out, so an outage delays deliveries and loses none.
                unsent = len(delivery_ids) - sent
                logger.warning("Broker unreachable; %d deliveries wait for the beat", unsent)
                return

    # Anything else that fails here must not fail the change either: the lease covers it.
    transaction.on_commit(enqueue, robust=True)


# --- delivery --------------------------------------------------------------------------


def deliveries_claim_due(*, now: datetime | None = None) -> int:
    """Lease and enqueue the deliveries whose next attempt is due (beat, every minute)."""
    now = now or timezone.now()
    claimed = 0
    for _ in range(CLAIM_BATCHES):
        with transaction.atomic():
            due = list(
                WebhookDelivery.objects.select_for_update(skip_locked=True)
                .filter(status=Status.PENDING, next_attempt_at__lte=now)
                .order_by("next_attempt_at")
                .values_list("pk", flat=True)[:CLAIM_BATCH]
            )
            lease = timezone.now() + LEASE
            WebhookDelivery.objects.filter(pk__in=due).update(next_attempt_at=lease)
            _enqueue_on_commit(due, lease)
        claimed += len(due)
        if len(due) < CLAIM_BATCH:
            break
    return claimed


def render_body(delivery: WebhookDelivery, at: datetime) -> bytes:
    payload = dict(delivery.payload)
    body = {
        "id": delivery.event_id,
        "event": delivery.event,
        "guild_id": payload.pop("guild_id", None),
        **payload,
        "timestamp": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def delivery_attempt(*, delivery_id: int, lease: str) -> WebhookDelivery | None:
    """Make one attempt if this caller still holds the lease; None when it does not, or
    when the endpoint was deleted meanwhile."""
    now = timezone.now()
    leased = parse_datetime(lease)
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=Status.PENDING, next_attempt_at=leased
    ).update(next_attempt_at=now + LEASE)
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None:
        return None  # its endpoint was deleted since the claim
    endpoint = delivery.endpoint
    if not endpoint.active:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            status=Status.FAILED, next_attempt_at=None
        )
        return delivery
    body = render_body(delivery, now)
    try:
        target = check_url(endpoint.url)
    except UnsafeUrl as error:
        outcome = transport.Outcome(error=f"Refused: {error}"[:500])
    else:
        headers = signed_headers(endpoint.secret, delivery.event_id, int(now.timestamp()), body)
        outcome = transport.post(target, body, headers)
    return _record(delivery, outcome, now)


@transaction.atomic
def _record(delivery: WebhookDelivery, outcome: transport.Outcome, now: datetime):
    # The endpoint's lock comes first, so a delete waits for this record or goes before it.
    endpoint = WebhookEndpoint.objects.select_for_update().filter(pk=delivery.endpoint_id).first()
    if endpoint is None:
        return None  # deleted while the attempt was in flight: nothing left to record on
    WebhookAttempt.objects.create(
        delivery=delivery,
        created_at=now,
        duration_ms=outcome.duration_ms,
        response_status=outcome.status,
        response_excerpt=outcome.excerpt[:1000],
        error=outcome.error[:500],
        succeeded=outcome.succeeded,
    )
    delivery.attempt_count += 1
    delivery.last_attempt_at = now
    if outcome.succeeded:
        delivery.status, delivery.next_attempt_at = Status.SUCCEEDED, None
        if endpoint.failing_since is not None:
            endpoint.failing_since = None
            endpoint.save(update_fields=["failing_since"])
    elif outcome.status == 410:
        delivery.status, delivery.next_attempt_at = Status.FAILED, None
        endpoint_disable(endpoint=endpoint, reason="The receiver answered 410 Gone")
    elif endpoint.failing_since is not None and now - endpoint.failing_since >= FAILING_LIMIT:
        delivery.status, delivery.next_attempt_at = Status.FAILED, None
        endpoint_disable(endpoint=endpoint, reason="Every attempt failed for three days")
    else:
        if endpoint.failing_since is None:
            endpoint.failing_since = now
            endpoint.save(update_fields=["failing_since"])
        delay = retry_delay(delivery.attempt_count)
        if delay is None:
            delivery.status, delivery.next_attempt_at = Status.FAILED, None
        else:
            asked = parse_retry_after(outcome.retry_after, now=now)
            delivery.next_attempt_at = now + max(delay, asked or timedelta(0))
    delivery.save(update_fields=["status", "attempt_count", "last_attempt_at", "next_attempt_at"])
    return delivery
