"""Seed a demo guild that the API, the SDKs and the admin can be tried against.

It adds only what is missing, so running it again changes nothing, except that it
issues a fresh "demo" key (a key cannot be shown twice) and revokes the older ones.
"""

import json
from dataclasses import dataclass
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from actionitems.models import ActionItem, Category, Priority, Source, Status
from actionitems.services import action_item_create, action_item_set_status
from guilds.management.commands.create_api_key import check_tier, check_user_id
from guilds.models import PERMISSION_NAMES, ApiKey, Channel, Guild, GuildMember
from guilds.services import (
    api_key_create,
    api_key_revoke,
    guild_config_for,
    guild_config_update,
    member_set_permissions,
)

MAX_SNOWFLAKE = 2**63 - 1
KEY_NAME = "demo"
CHANNELS = {
    "general": 987654321,
    "dev-chat": 111222333,
    "announcements": 444555666,
    "action-items": 777888999,
}
MONITORED = ["general", "dev-chat"]
OUTPUT = "action-items"


@dataclass(frozen=True)
class DemoItem:
    message_id: int
    channel: str
    text: str
    summary: str
    priority: int
    category: str
    status: str
    assigned_to: str | None
    due_in_days: int | None


P, C, S = Priority, Category, Status
# fmt: off
ITEMS = [
    DemoItem(1301, "general", "Send the Q3 release notes to marketing", "Q3 release",
             P.HIGH, C.PROJECT, S.PENDING, "user456", 2),
    DemoItem(1302, "dev-chat", "Fix the login timeout on the mobile app", "Mobile login bug",
             P.HIGH, C.BUG, S.IN_PROGRESS, "user789", 1),
    DemoItem(1303, "general", "Book a room for Thursday's sprint planning", "Sprint planning",
             P.MEDIUM, C.MEETING, S.COMPLETED, "user123", None),
    DemoItem(1304, "dev-chat", "Review the pull request for the payments refactor", "Payments",
             P.MEDIUM, C.PROJECT, S.PENDING, "user123", 3),
    DemoItem(1305, "general", "Update the onboarding doc with the new VPN steps", "Onboarding",
             P.LOW, C.GENERAL, S.PENDING, None, None),
    DemoItem(1306, "dev-chat", "Investigate the flaky checkout integration test", "Flaky test",
             P.MEDIUM, C.BUG, S.PENDING, "user456", None),
    DemoItem(1307, "general", "Share the customer interview notes before Friday's retro", "Retro",
             P.MEDIUM, C.MEETING, S.PENDING, "user789", 4),
    DemoItem(1308, "dev-chat", "Upgrade PostgreSQL on staging to version 16", "Staging",
             P.LOW, C.PROJECT, S.COMPLETED, "user456", None),
    DemoItem(1309, "general", "Renew the TLS certificate for status.example.com", "Certificates",
             P.HIGH, C.GENERAL, S.PENDING, "user123", 5),
    DemoItem(1310, "dev-chat", "Write the postmortem for Tuesday's API outage", "API outage",
             P.HIGH, C.BUG, S.IN_PROGRESS, "user123", 2),
    DemoItem(1311, "general", "Send invoice reminders to the three overdue clients", "Invoices",
             P.MEDIUM, C.GENERAL, S.ARCHIVED, None, None),
    DemoItem(1312, "dev-chat", "Document the rate-limit headers in the API guide", "API docs",
             P.LOW, C.PROJECT, S.PENDING, None, 10),
]
# fmt: on
MESSAGE_ID_BASE = 1_180_000_000_000_000_000


class Command(BaseCommand):
    help = "Create (or complete) a demo guild with channels, items, a member and an API key."

    def add_arguments(self, parser):
        parser.add_argument("--guild-id", default="123456789")
        parser.add_argument("--guild-name", default="My Discord Server")
        parser.add_argument("--user-id", default="user123")
        parser.add_argument("--tier", default=ApiKey.Tier.STANDARD)
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print one JSON object"
        )

    def handle(self, *args, guild_id, guild_name, user_id, tier, as_json, **options):
        guild_id = _check_guild(guild_id, guild_name)
        check_user_id(user_id)
        check_tier(tier)
        with transaction.atomic():
            guild, guild_created = Guild.objects.get_or_create(
                id=guild_id, defaults={"name": guild_name, "owner_id": user_id, "member_count": 4}
            )
            channels = _seed_channels(guild)
            configured = _seed_config(guild, channels)
            _seed_member(guild, user_id)
            created = _seed_items(guild, channels)
            full_key, revoked = _replace_demo_key(user_id, tier)
        if as_json:
            self._print_json(full_key, guild, user_id, channels)
            return
        self.stdout.write(f"Guild {guild}: {'created' if guild_created else 'already there'}")
        self.stdout.write("Channels: " + ", ".join(f"#{n} ({c.id})" for n, c in channels.items()))
        if configured:
            monitored = " and ".join(f"#{name}" for name in MONITORED)
            self.stdout.write(f"Config: monitoring {monitored}; digest and to-do list in #{OUTPUT}")
        else:
            self.stdout.write("Config: already set up, left as it is")
        self.stdout.write(f"Member {user_id}: holds all four permissions")
        self.stdout.write(f"Action items: {created} created, {len(ITEMS) - created} already there")
        self.stdout.write(
            f"API key {KEY_NAME!r} ({tier}) for {user_id}; revoked {revoked} older demo key(s)."
            " Store it now; it will not be shown again:"
        )
        self.stdout.write(full_key)

    def _print_json(self, full_key, guild, user_id, channels) -> None:
        self.stdout.write(
            json.dumps(
                {
                    "api_key": full_key,
                    "guild_id": str(guild.id),
                    "user_id": user_id,
                    "channel_ids": [str(channel.id) for channel in channels.values()],
                }
            )
        )


def _check_guild(guild_id: str, guild_name: str) -> int:
    if not guild_id.isascii() or not guild_id.isdigit() or not 0 < int(guild_id) <= MAX_SNOWFLAKE:
        raise CommandError(f"--guild-id {guild_id!r}: a Discord snowflake, digits only.")
    max_name = Guild._meta.get_field("name").max_length
    if not 0 < len(guild_name) <= max_name:
        raise CommandError(f"--guild-name: 1 to {max_name} characters.")
    return int(guild_id)


def _seed_channels(guild: Guild) -> dict[str, Channel]:
    channels = {}
    for position, (name, channel_id) in enumerate(CHANNELS.items()):
        channel, _ = Channel.objects.get_or_create(
            id=channel_id, defaults={"guild": guild, "name": name, "position": position}
        )
        if channel.guild_id != guild.id:
            raise CommandError(
                f"Channel {channel_id} already belongs to guild {channel.guild_id}; "
                "the demo channels can be seeded into one guild only."
            )
        channels[name] = channel
    return channels


def _seed_config(guild: Guild, channels: dict[str, Channel]) -> bool:
    """Configure a guild that has no digest channel yet; leave a configured one alone."""
    config = guild_config_for(guild)
    if config.sweep_output_channel_id is not None:
        return False
    guild_config_update(
        config=config,
        channels_to_monitor=[channels[name] for name in MONITORED],
        sweep_output_channel=channels[OUTPUT],
        todo_channel=channels[OUTPUT],
    )
    return True


def _seed_member(guild: Guild, user_id: str) -> None:
    GuildMember.objects.get_or_create(
        guild=guild, user_id=user_id, defaults={"roles": ["admin"], "display_name": "Demo Admin"}
    )
    member_set_permissions(
        guild=guild, user_id=user_id, permissions=dict.fromkeys(PERMISSION_NAMES, True)
    )


def _seed_items(guild: Guild, channels: dict[str, Channel]) -> int:
    """Create the demo items not there yet; one seeded earlier keeps any later changes."""
    seeded = set(
        ActionItem.objects.filter(
            guild=guild, source_message_id__in=[_message_id(item) for item in ITEMS]
        ).values_list("source_message_id", flat=True)
    )
    missing = [item for item in ITEMS if _message_id(item) not in seeded]
    today = timezone.localdate()
    for demo in missing:
        channel = channels[demo.channel]
        item = action_item_create(
            guild=guild,
            channel=channel,
            text=demo.text,
            summary=demo.summary,
            priority=demo.priority,
            category=demo.category,
            assigned_to=demo.assigned_to,
            due_date=today + timedelta(days=demo.due_in_days) if demo.due_in_days else None,
            source=Source.SWEEP,
            source_message_id=_message_id(demo),
            jump_url=f"https://discord.com/channels/{guild.id}/{channel.id}/{_message_id(demo)}",
            excerpt=demo.text,
        )
        if demo.status != Status.PENDING:
            action_item_set_status(item=item, status=demo.status)
    return len(missing)


def _message_id(item: DemoItem) -> int:
    return MESSAGE_ID_BASE + item.message_id


def _replace_demo_key(user_id: str, tier: str) -> tuple[str, int]:
    """A key cannot be shown twice, so each run issues a new one and revokes the old."""
    older = list(ApiKey.objects.filter(user_id=user_id, name=KEY_NAME, revoked_at__isnull=True))
    for key in older:
        api_key_revoke(key=key)
    return api_key_create(user_id=user_id, tier=tier, name=KEY_NAME)[1], len(older)
