"""Write paths of sweeps: requesting one, claiming due guilds, and recording results.

A sweep is safe to repeat at every step: the claim is a conditional update, items
are keyed by a fingerprint unique per guild, and a channel's items, stats and
cursor are written in one transaction, so a worker killed half-way loses nothing
and a rerun duplicates nothing.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from actionitems.extraction import Candidate
from actionitems.models import ActionItem, Priority, Source
from actionitems.privacy import redact_item
from actionitems.services import action_item_create, extracted_fingerprint
from audit.models import AuditLog
from audit.services import audit_record
from guilds.models import Channel, Guild, GuildConfig
from noteticketing.api.errors import Conflict
from sweeps.conversation import Conversation
from sweeps.models import ChannelCursor, Sweep, SweepChannelStat
from webhooks import payloads
from webhooks.models import Event
from webhooks.services import event_emit

logger = logging.getLogger(__name__)

ACTIVE = (Sweep.Status.QUEUED, Sweep.Status.RUNNING)
EXCERPT_LENGTH = 280
DISPATCH_BATCH = 100


class SweepAlreadyActive(Conflict):
    default_detail = "A sweep of this guild is already queued or running"


def _enqueue(sweep: Sweep) -> None:
    transaction.on_commit(partial(_send_run_sweep, sweep.pk))


def _send_run_sweep(sweep_id: int) -> None:
    from sweeps.tasks import run_sweep

    try:
        run_sweep.delay(sweep_id)
    except KombuOperationalError:
        # The broker is down. The sweep is committed as queued, so the request that asked
        # for it still succeeds (202, not 500), and nothing is lost: dispatch enqueues again
        # a queued sweep no worker started within SWEEP_STALL_SECONDS (_resume_stalled).
        logger.warning("Broker unreachable; sweep %s waits for dispatch to resume it", sweep_id)


@transaction.atomic
def sweep_request(
    *,
    guild: Guild,
    trigger: str,
    triggered_by: str | None = None,
    channels: list[Channel] | None = None,
    force: bool = False,
    enqueue: bool = True,
    ip_address: str | None = None,
) -> Sweep:
    """Queue a sweep of the guild; one already active is a conflict unless ``force``.

    ``enqueue=False`` leaves running it to the caller (a transcript sweep runs in-process).
    A sweep a person asked for (``triggered_by``) is recorded as ``sweep_triggered``.

    Forcing supersedes the active sweep: it is marked failed, and the new one re-reads
    from the previous sweep's start (items already recorded are not added again).
    """
    active = Sweep.objects.select_for_update().filter(guild=guild, status__in=ACTIVE)
    if active.exists():
        if not force:
            raise SweepAlreadyActive()
        active.update(
            status=Sweep.Status.FAILED,
            finished_at=timezone.now(),
            error="Superseded by a forced sweep",
        )
    try:
        with transaction.atomic():
            sweep = Sweep.objects.create(
                guild=guild,
                trigger=trigger,
                triggered_by=triggered_by,
                channel_ids=[str(channel.id) for channel in channels or []],
                force=force,
            )
    except IntegrityError:
        raise SweepAlreadyActive() from None
    if triggered_by is not None:
        audit_record(
            guild=guild,
            action=AuditLog.Action.SWEEP_TRIGGERED,
            user_id=triggered_by,
            details=f"Sweep {sweep.public_id} triggered ({trigger}{', forced' if force else ''})",
            ip_address=ip_address,
        )
    if enqueue:
        _enqueue(sweep)
    return sweep


def sweeps_dispatch_due(*, now=None) -> list[Sweep]:
    """Queue a sweep for every active guild whose next sweep is due (beat, every minute).

    Guilds are claimed with ``SKIP LOCKED`` so that overlapping dispatchers never
    claim the same guild, and a guild with a sweep already active is passed over.
    """
    now = now or timezone.now()
    _fail_abandoned(now)
    if not settings.DISCORD_TOKEN:
        return []  # Without Discord there is nothing to read; transcripts are swept by hand.
    _resume_stalled(now)
    active_sweep = Sweep.objects.filter(guild=OuterRef("guild"), status__in=ACTIVE)
    queued = []
    with transaction.atomic():
        due = (
            GuildConfig.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("guild")
            .filter(active=True, guild__left_at__isnull=True)
            .filter(Q(next_sweep_at__lte=now) | Q(next_sweep_at__isnull=True))
            .exclude(Exists(active_sweep))
            .order_by("next_sweep_at")[:DISPATCH_BATCH]
        )
        for config in due:
            config.next_sweep_at = now + timedelta(hours=config.sweep_interval_hours)
            config.save(update_fields=["next_sweep_at"])
            if not config.guild.channels.filter(monitored=True, deleted_at__isnull=True).exists():
                continue
            sweep = Sweep.objects.create(guild=config.guild, trigger=Sweep.Trigger.SCHEDULE)
            _enqueue(sweep)
            queued.append(sweep)
    return queued


def _fail_abandoned(now) -> None:
    """A sweep active for twice its time limit lost its worker and its message: free the guild."""
    horizon = now - timedelta(seconds=2 * settings.SWEEP_TIME_LIMIT_SECONDS)
    Sweep.objects.filter(status__in=ACTIVE, triggered_at__lt=horizon).update(
        status=Sweep.Status.FAILED, finished_at=now, error="Abandoned: no worker finished it"
    )


def _resume_stalled(now) -> None:
    """Enqueue again the sweeps whose message or worker was lost (a killed worker, a broker
    without acknowledgements); the claim lets the new run pick up where the last stopped."""
    horizon = now - timedelta(seconds=settings.SWEEP_STALL_SECONDS)
    stalled = Sweep.objects.filter(
        Q(status=Sweep.Status.QUEUED, triggered_at__lt=horizon, heartbeat_at__isnull=True)
        | Q(status__in=ACTIVE, heartbeat_at__lt=horizon)
    )
    for sweep in stalled:
        Sweep.objects.filter(pk=sweep.pk).update(heartbeat_at=now)
        _enqueue(sweep)


def sweep_heartbeat(sweep: Sweep) -> None:
    Sweep.objects.filter(pk=sweep.pk).update(heartbeat_at=timezone.now())


def sweep_claim(*, sweep_id: int) -> Sweep | None:
    """Move a queued sweep to running; a running one is resumed (its worker died).

    Returns None when there is nothing to do: the sweep is gone, finished or superseded.
    """
    now = timezone.now()
    claimed = Sweep.objects.filter(pk=sweep_id, status=Sweep.Status.QUEUED).update(
        status=Sweep.Status.RUNNING, started_at=now, heartbeat_at=now
    )
    sweep = Sweep.objects.select_related("guild__config").filter(pk=sweep_id).first()
    if sweep is None or (not claimed and sweep.status != Sweep.Status.RUNNING):
        return None
    if not claimed:
        sweep_heartbeat(sweep)
    return sweep


def sweep_channels(sweep: Sweep) -> list[Channel]:
    """The monitored channels this sweep covers (a chosen subset, or all of them)."""
    channels = Channel.objects.filter(
        guild=sweep.guild, monitored=True, deleted_at__isnull=True, parent__isnull=True
    )
    if sweep.channel_ids:
        channels = channels.filter(id__in=[int(i) for i in sweep.channel_ids])
    return list(channels.order_by("position", "id"))


def read_position(sweep: Sweep, source: Channel, channel: Channel) -> int | None:
    """Where to start reading ``source`` (the channel or one of its threads).

    Normally its cursor. A forced sweep re-reads what the previous sweep of the
    channel read: from where that sweep started (snowflakes order by time across
    channels, so the channel's starting point serves its threads too).
    """
    if sweep.force:
        previous = (
            SweepChannelStat.objects.filter(channel=channel, sweep__guild=sweep.guild)
            .exclude(sweep=sweep)
            .order_by("-sweep__triggered_at", "-id")
            .values_list("read_from", flat=True)
            .first()
        )
        return previous
    cursor = ChannelCursor.objects.filter(channel=source).first()
    return cursor.last_message_id if cursor else None


@dataclass(frozen=True)
class ChannelOutcome:
    channel: Channel
    messages: int
    created: list[ActionItem]
    error: str = ""


def _item_fields(sweep: Sweep, conversation: Conversation, candidate: Candidate) -> dict:
    config = sweep.guild.config
    privacy = config.privacy_mode_enabled
    text, summary = candidate.text, candidate.summary
    if privacy:
        text, summary = redact_item(text, summary, conversation.members.values())
    excerpt = ""
    if not privacy:
        excerpt = conversation.content_of(candidate.message_id)[:EXCERPT_LENGTH]
    return {
        "text": text[:500],
        "summary": summary[:200],
        "priority": Priority.from_label(candidate.priority),
        "category": candidate.category,
        "assigned_to": candidate.assignee if candidate.assignee else None,
        "due_date": candidate.due,
        "excerpt": excerpt,
        "source_message_id": int(candidate.message_id),
        "confidence": candidate.confidence,
        "jump_url": (
            f"https://discord.com/channels/{sweep.guild_id}/"
            f"{conversation.discord_channel_id}/{candidate.message_id}"
        ),
    }


@transaction.atomic
def channel_record(
    *,
    sweep: Sweep,
    channel: Channel,
    cursor_channel: Channel,
    conversation: Conversation,
    candidates: list[Candidate],
    read_from: int | None = None,
) -> ChannelOutcome:
    """Record one conversation's results at once: new items, the stats, the cursor.

    ``channel`` owns the items and the stats; ``cursor_channel`` is where the
    messages were read (the channel itself, or one of its threads).
    """
    fields = {}
    for candidate in candidates:
        item_fields = _item_fields(sweep, conversation, candidate)
        fingerprint = extracted_fingerprint(
            source_message_id=item_fields["source_message_id"], text=item_fields["text"]
        )
        fields.setdefault(fingerprint, item_fields)
    known = set(
        ActionItem.objects.filter(guild=sweep.guild, fingerprint__in=fields).values_list(
            "fingerprint", flat=True
        )
    )
    created = []
    for fingerprint, item_fields in fields.items():
        if fingerprint in known:
            continue
        item = action_item_create(
            guild=sweep.guild, channel=channel, source=Source.SWEEP, sweep=sweep, **item_fields
        )
        created.append(item)
    stat, _ = SweepChannelStat.objects.get_or_create(
        sweep=sweep, channel=channel, defaults={"guild": sweep.guild, "read_from": read_from}
    )
    stat.messages_processed += len(conversation.messages)
    stat.action_items_found += len(created)
    stat.save(update_fields=["messages_processed", "action_items_found"])
    newest = conversation.newest_message_id
    if newest is not None:
        cursor, made = ChannelCursor.objects.select_for_update().get_or_create(
            channel=cursor_channel, defaults={"last_message_id": newest}
        )
        if not made and newest > cursor.last_message_id:
            cursor.last_message_id = newest
            cursor.save(update_fields=["last_message_id", "updated_at"])
    return ChannelOutcome(channel=channel, messages=len(conversation.messages), created=created)


def channel_failed(*, sweep: Sweep, channel: Channel, error: str) -> ChannelOutcome:
    """A channel that could not be read keeps its cursor; the next sweep tries again."""
    stat, _ = SweepChannelStat.objects.get_or_create(
        sweep=sweep, channel=channel, defaults={"guild": sweep.guild}
    )
    stat.error = error[:2000]
    stat.save(update_fields=["error"])
    return ChannelOutcome(channel=channel, messages=0, created=[], error=error)


@transaction.atomic
def sweep_finish(*, sweep: Sweep, outcomes: list[ChannelOutcome]) -> Sweep:
    """Close the sweep with its totals and schedule the guild's next one."""
    now = timezone.now()
    failures = [f"#{o.channel.name}: {o.error}" for o in outcomes if o.error]
    totals = SweepChannelStat.objects.filter(sweep=sweep)
    sweep.channels_processed = sum(1 for o in outcomes if not o.error)
    sweep.messages_processed = sum(stat.messages_processed for stat in totals)
    sweep.action_items_found = sum(stat.action_items_found for stat in totals)
    all_failed = bool(outcomes) and len(failures) == len(outcomes)
    sweep.status = Sweep.Status.FAILED if all_failed else Sweep.Status.COMPLETED
    sweep.error = "\n".join(failures)
    sweep.finished_at = now
    updated = Sweep.objects.filter(pk=sweep.pk, status=Sweep.Status.RUNNING).update(
        status=sweep.status,
        error=sweep.error,
        finished_at=now,
        channels_processed=sweep.channels_processed,
        messages_processed=sweep.messages_processed,
        action_items_found=sweep.action_items_found,
    )
    if updated:
        config = sweep.guild.config
        config.last_sweep_time = sweep.started_at or now
        config.next_sweep_at = config.last_sweep_time + timedelta(hours=config.sweep_interval_hours)
        config.save(update_fields=["last_sweep_time", "next_sweep_at", "updated_at"])
        _emit_finished(sweep)
    return sweep


def _emit_finished(sweep: Sweep) -> None:
    failed = sweep.status == Sweep.Status.FAILED
    event = Event.SWEEP_FAILED if failed else Event.SWEEP_COMPLETED
    event_emit(guild=sweep.guild_id, event=event, payload=partial(payloads.sweep, sweep))


@transaction.atomic
def sweep_fail(*, sweep_id: int, error: str) -> None:
    """Mark a sweep failed that could not finish (its task crashed or ran out of time)."""
    failed = Sweep.objects.filter(pk=sweep_id, status__in=ACTIVE).update(
        status=Sweep.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )
    if failed:
        _emit_finished(Sweep.objects.get(pk=sweep_id))
