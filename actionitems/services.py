"""Write paths for action items, shared by the API, the bot, sweeps and the admin."""

import hashlib
import re
from datetime import date
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from actionitems.models import ActionItem, Category, Priority, Source, Status
from actionitems.totals import items_changed
from guilds.models import Channel, Guild
from webhooks import payloads
from webhooks.models import Event
from webhooks.services import event_emit

_SPACE_RE = re.compile(r"\s+")


def extracted_fingerprint(*, source_message_id: int, text: str) -> str:
    """The dedup key of an extracted item: its source message plus its normalised text."""
    normalised = _SPACE_RE.sub(" ", text.strip().lower())
    return hashlib.sha256(f"message:{source_message_id}:{normalised}".encode()).hexdigest()


def _manual_fingerprint(public_id: str) -> str:
    """Items typed in by hand have no source message, so each is its own."""
    return hashlib.sha256(f"manual:{public_id}".encode()).hexdigest()


@transaction.atomic
def action_item_create(
    *,
    guild: Guild,
    channel: Channel,
    text: str,
    summary: str = "",
    priority: int = Priority.MEDIUM,
    category: str = Category.GENERAL,
    assigned_to: str | None = None,
    due_date: date | None = None,
    created_by: str | None = None,
    source: str = Source.API,
    source_message_id: int | None = None,
    jump_url: str = "",
    excerpt: str = "",
    sweep=None,
    confidence: float | None = None,
) -> ActionItem:
    for _ in range(3):
        item = ActionItem(
            guild=guild,
            channel=channel,
            text=text,
            summary=summary,
            priority=priority,
            category=category,
            assigned_to=assigned_to,
            due_date=due_date,
            created_by=created_by,
            source=source,
            source_message_id=source_message_id,
            jump_url=jump_url,
            excerpt=excerpt,
            sweep=sweep,
            confidence=confidence,
        )
        item.fingerprint = (
            _manual_fingerprint(item.public_id)
            if source_message_id is None
            else extracted_fingerprint(source_message_id=source_message_id, text=text)
        )
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError:
            if source_message_id is not None or not _public_id_taken(item.public_id):
                raise
            continue
        items_changed(guild.id)
        created = partial(payloads.action_item, item)
        event_emit(guild=guild, event=Event.ACTION_ITEM_CREATED, payload=created)
        return item
    raise IntegrityError("Could not allocate a unique action item id")


def _public_id_taken(public_id: str) -> bool:
    return ActionItem.objects.filter(public_id=public_id).exists()


def _apply_status(item: ActionItem, new_status: str, now) -> list[str]:
    if item.status == new_status:
        return []
    item.status = new_status
    item.completed_at = now if new_status == Status.COMPLETED else None
    return ["status", "completed_at"]


@transaction.atomic
def action_item_update(*, item: ActionItem, **changes) -> ActionItem:
    """Change the given fields, saving only those that changed."""
    now = timezone.now()
    changed = []
    previous_status = item.status
    for name, value in changes.items():
        if name == "status":
            changed += _apply_status(item, value, now)
        elif getattr(item, name) != value:
            setattr(item, name, value)
            changed.append(name)
    if changed:
        item.updated_at = now
        item.save(update_fields=[*changed, "updated_at"])
        items_changed(item.guild_id)
        _emit_update(item, changed, previous_status)
    return item


def _emit_update(item: ActionItem, changed: list[str], previous_status: str) -> None:
    """``action_item.updated`` for field changes, ``action_item.status_changed`` for status."""
    fields = [name for name in changed if name not in ("status", "completed_at")]
    if fields:
        event_emit(
            guild=item.guild_id,
            event=Event.ACTION_ITEM_UPDATED,
            payload=lambda: {**payloads.action_item(item), "changed": fields},
        )
    if "status" in changed:
        event_emit(
            guild=item.guild_id,
            event=Event.ACTION_ITEM_STATUS_CHANGED,
            payload=lambda: {**payloads.action_item(item), "previous_status": previous_status},
        )


def action_item_set_status(*, item: ActionItem, status: str) -> ActionItem:
    return action_item_update(item=item, status=status)


@transaction.atomic
def action_item_delete(*, item: ActionItem) -> None:
    body = payloads.action_item(item)
    item.delete()
    items_changed(item.guild_id)
    event_emit(guild=item.guild_id, event=Event.ACTION_ITEM_DELETED, payload=body)
