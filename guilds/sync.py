"""Keeping Guild, Channel and GuildMember rows in step with Discord: diff, then apply.

The bot turns what the gateway tells it into the plain states below and calls these
services; each compares the state with the rows it has and writes only the difference,
so a repeat (a reconnect's GUILD_CREATE, a duplicated event) writes nothing.

Threads are not part of a guild's full sync: Discord lists only active threads, and an
archived thread is not a deleted one. The sweeps create thread rows as they read them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from guilds.models import Channel, Guild, GuildConfig, GuildMember

ADMINISTRATOR = 0x8
MANAGE_GUILD = 0x20


@dataclass(frozen=True)
class GuildState:
    id: int
    name: str
    owner_id: str
    icon_hash: str = ""
    member_count: int = 0
    bot_permissions: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChannelState:
    id: int
    name: str
    type: str = Channel.Type.TEXT
    position: int = 0
    parent_id: int | None = None


@dataclass(frozen=True)
class MemberState:
    """``permissions`` are the member's guild-level permission bits (all roles ORed)."""

    user_id: str
    display_name: str = ""
    roles: tuple[str, ...] = ()
    permissions: int = 0

    @property
    def is_admin(self) -> bool:
        return bool(self.permissions & (ADMINISTRATOR | MANAGE_GUILD))


@dataclass
class Diff:
    """What to change: new states, (row, changed field names) pairs, and ids to remove."""

    create: list = field(default_factory=list)
    update: list = field(default_factory=list)
    remove: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.create or self.update or self.remove)


def _channel_fields(state: ChannelState) -> dict:
    return {
        "name": state.name[:100],
        "type": state.type,
        "position": state.position,
        "parent_id": state.parent_id,
        "deleted_at": None,
    }


def _member_fields(state: MemberState) -> dict:
    return {
        "display_name": state.display_name[:100],
        "roles": list(state.roles),
        "is_admin": state.is_admin,
    }


def _changes(row, wanted: dict) -> list[str]:
    """The field names whose values differ, applied to ``row`` in place."""
    changed = [name for name, value in wanted.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, wanted[name])
    return changed


def _diff(rows: dict, states: Iterable, *, key, fields) -> tuple[Diff, set]:
    """States without a row to create, rows whose fields differ to update; and the keys seen."""
    diff = Diff()
    seen = set()
    for state in states:
        seen.add(key(state))
        row = rows.get(key(state))
        if row is None:
            diff.create.append(state)
        elif changed := _changes(row, fields(state)):
            diff.update.append((row, changed))
    return diff, seen


def channels_diff(
    existing: Iterable[Channel], states: Iterable[ChannelState], *, complete: bool = True
) -> Diff:
    """``complete``: the states are all of the guild's channels (threads aside), so a
    live channel missing from them was deleted."""
    rows = {channel.id: channel for channel in existing}
    diff, seen = _diff(rows, states, key=lambda state: state.id, fields=_channel_fields)
    if complete:
        diff.remove = [
            row.id
            for row in rows.values()
            if row.id not in seen and row.deleted_at is None and row.type != Channel.Type.THREAD
        ]
    return diff


def members_diff(
    existing: Iterable[GuildMember], states: Iterable[MemberState], *, complete: bool = True
) -> Diff:
    """``complete``: the states are every member, so a row missing from them left."""
    rows = {member.user_id: member for member in existing}
    diff, seen = _diff(rows, states, key=lambda state: state.user_id, fields=_member_fields)
    if complete:
        diff.remove = [user_id for user_id in rows if user_id not in seen]
    return diff


def _apply_channels(guild_id: int, diff: Diff) -> None:
    Channel.objects.bulk_create(
        [
            Channel(id=state.id, guild_id=guild_id, **_channel_fields(state))
            for state in diff.create
        ],
        ignore_conflicts=True,
    )
    for row, changed in diff.update:
        row.save(update_fields=changed)
    if diff.remove:
        Channel.objects.filter(guild_id=guild_id, id__in=diff.remove).update(
            deleted_at=timezone.now()
        )


def _apply_members(guild_id: int, diff: Diff) -> None:
    GuildMember.objects.bulk_create(
        [
            GuildMember(guild_id=guild_id, user_id=state.user_id, **_member_fields(state))
            for state in diff.create
        ],
        ignore_conflicts=True,
    )
    for row, changed in diff.update:
        row.save(update_fields=[*changed, "updated_at"])
    if diff.remove:
        GuildMember.objects.filter(guild_id=guild_id, user_id__in=diff.remove).delete()


def _guild_fields(state: GuildState) -> dict:
    return {
        "name": state.name[:100],
        "owner_id": state.owner_id,
        "icon_hash": state.icon_hash or "",
        "member_count": state.member_count,
        "bot_permissions": list(state.bot_permissions),
        "left_at": None,
    }


@transaction.atomic
def guild_sync(
    *,
    guild: GuildState,
    channels: list[ChannelState],
    members: list[MemberState] | None = None,
) -> dict[str, Diff]:
    """Bring one guild's rows in line with Discord (ready, join, or a reconnect).

    ``members`` None leaves members alone (a large guild whose member list did not come);
    otherwise it is the complete list and members missing from it are removed.
    """
    row, created = Guild.objects.select_for_update().get_or_create(
        id=guild.id, defaults=_guild_fields(guild)
    )
    if not created and (changed := _changes(row, _guild_fields(guild))):
        row.save(update_fields=changed)
    GuildConfig.objects.get_or_create(guild=row)
    diffs = {
        "channels": channels_diff(
            Channel.objects.filter(guild=row).exclude(type=Channel.Type.THREAD), channels
        )
    }
    _apply_channels(row.id, diffs["channels"])
    if members is not None:
        diffs["members"] = members_diff(GuildMember.objects.filter(guild=row), members)
        _apply_members(row.id, diffs["members"])
    return diffs


def guild_update(*, guild: GuildState) -> bool:
    """A guild's own fields changed (name, owner, icon). True when a row was written."""
    row = Guild.objects.filter(id=guild.id).first()
    if row is None:
        return False
    changed = _changes(row, _guild_fields(guild))
    if changed:
        row.save(update_fields=changed)
    return bool(changed)


def guild_left(*, guild_id: int) -> None:
    """The bot was removed (or the guild deleted): keep the data, stop serving it."""
    Guild.objects.filter(id=guild_id, left_at__isnull=True).update(left_at=timezone.now())


@transaction.atomic
def channel_upsert(*, guild_id: int, channel: ChannelState) -> Diff:
    existing = Channel.objects.filter(guild_id=guild_id, id=channel.id)
    diff = channels_diff(existing, [channel], complete=False)
    _apply_channels(guild_id, diff)
    return diff


def channel_delete(*, channel_id: int) -> None:
    """Mark a channel (and its threads) deleted; its items keep pointing at it."""
    Channel.objects.filter(id=channel_id, deleted_at__isnull=True).update(deleted_at=timezone.now())
    Channel.objects.filter(parent_id=channel_id, deleted_at__isnull=True).update(
        deleted_at=timezone.now()
    )


@transaction.atomic
def member_upsert(*, guild_id: int, member: MemberState) -> Diff:
    """A member joined or changed (roles, nickname); a guild we do not know is ignored."""
    if not Guild.objects.filter(id=guild_id).exists():
        return Diff()
    existing = GuildMember.objects.filter(guild_id=guild_id, user_id=member.user_id)
    diff = members_diff(existing, [member], complete=False)
    _apply_members(guild_id, diff)
    return diff


def member_remove(*, guild_id: int, user_id: str) -> None:
    GuildMember.objects.filter(guild_id=guild_id, user_id=user_id).delete()


def guilds_left_except(*, guild_ids: list[int]) -> int:
    """On ready: every guild the bot is not in any more was left while it was away."""
    return (
        Guild.objects.filter(left_at__isnull=True)
        .exclude(id__in=guild_ids)
        .update(left_at=timezone.now())
    )
