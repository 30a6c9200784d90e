"""Action-item work for the bot's commands and buttons: check, call the service, and
return rows with everything the reply will read already loaded."""

from dataclasses import dataclass
from datetime import date

from actionitems.models import ActionItem, Category, Priority, Source, Status
from actionitems.services import action_item_create, action_item_set_status, action_item_update
from audit.models import AuditLog
from audit.services import audit_record
from bot.access import MANAGE, Refused, member_for, require, require_status_change
from guilds.models import Channel

LIST_LIMIT = 15
OPEN = (Status.PENDING, Status.IN_PROGRESS)


@dataclass(frozen=True)
class ItemList:
    items: list[ActionItem]
    total: int


def _item(guild_id: int, item_id: str) -> ActionItem:
    item = (
        ActionItem.objects.select_related("channel")
        .filter(guild_id=guild_id, public_id=item_id.strip().lower())
        .first()
    )
    if item is None:
        raise Refused(f"There is no action item `{item_id}` in this server.")
    return item


def items_list(
    *,
    guild_id: int,
    user_id: str,
    status: str | None = None,
    priority: str | None = None,
    channel_id: int | None = None,
    mine: bool = False,
) -> ItemList:
    """Open items unless a status is asked for; reads need membership only and are
    audited as the API's are."""
    member = member_for(guild_id=guild_id, user_id=user_id)
    audit_record(
        guild=member.guild,
        action=AuditLog.Action.DATA_ACCESS,
        user_id=user_id,
        details="Discord access to action items (/todo list)",
    )
    items = ActionItem.objects.filter(guild_id=guild_id).select_related("channel")
    items = items.filter(status=status) if status else items.filter(status__in=OPEN)
    if priority:
        items = items.filter(priority=Priority.from_label(priority))
    if channel_id:
        items = items.filter(channel_id=channel_id)
    if mine:
        items = items.filter(assigned_to=user_id)
    ranked = list(items.order_by("-priority", "due_date", "-created_at", "-id")[:LIST_LIMIT])
    total = items.count() if len(ranked) == LIST_LIMIT else len(ranked)
    return ItemList(items=ranked, total=total)


def item_add(
    *,
    guild_id: int,
    channel_id: int,
    user_id: str,
    text: str,
    priority: str = "medium",
    category: str = Category.GENERAL,
    assignee: str | None = None,
    due: date | None = None,
) -> ActionItem:
    member = member_for(guild_id=guild_id, user_id=user_id)
    require(member, MANAGE)
    channel = Channel.objects.filter(
        guild_id=guild_id, id=channel_id, deleted_at__isnull=True
    ).first()
    if channel is None:
        raise Refused("I don't know this channel yet; try again in a minute.")
    text = text.strip()
    if not text:
        raise Refused("The text of an action item must not be empty.")
    return action_item_create(
        guild=member.guild,
        channel=channel,
        text=text[:500],
        priority=Priority.from_label(priority),
        category=category,
        assigned_to=assignee,
        due_date=due,
        created_by=user_id,
        source=Source.BOT,
    )


def item_set_status(*, guild_id: int, user_id: str, item_id: str, status: str) -> ActionItem:
    member = member_for(guild_id=guild_id, user_id=user_id)
    item = _item(guild_id, item_id)
    require_status_change(member, item)
    return action_item_set_status(item=item, status=status)


def item_assign(*, guild_id: int, user_id: str, item_id: str, assignee: str) -> ActionItem:
    member = member_for(guild_id=guild_id, user_id=user_id)
    require(member, MANAGE)
    return action_item_update(item=_item(guild_id, item_id), assigned_to=assignee)


def item_choices(*, guild_id: int, user_id: str, typed: str, limit: int = 25) -> list[tuple]:
    """(public id, text) of the items matching what was typed, open ones first."""
    items = ActionItem.objects.filter(guild_id=guild_id, guild__members__user_id=user_id)
    typed = typed.strip().lower()
    if typed:
        items = items.filter(public_id__startswith=typed) | items.filter(text__icontains=typed)
    ranked = items.exclude(status=Status.ARCHIVED).order_by("-created_at", "-id")
    return list(ranked.values_list("public_id", "text")[:limit])
