"""A large, realistic guild for load tests and query plans, made fast.

Creates the guild if missing (config, channels, members, one member holding every
permission), then adds action items until the guild has ``--items`` of them:
texts, priorities, statuses, categories, assignees and dates spread over
``--days`` of history, oldest first, so the table is in creation order as in
production. PostgreSQL gets the rows through ``COPY``; other databases through
``bulk_create``. Then the table is analysed, and the last line of output is a new
API key for the member.
"""

import hashlib
import random
import secrets
import time
from datetime import UTC, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, connection, transaction

from actionitems.models import ActionItem, Category, Priority, Source, Status
from actionitems.totals import items_changed
from guilds.management.commands.create_api_key import check_tier, check_user_id
from guilds.management.commands.seed_demo import _check_guild
from guilds.models import PERMISSION_NAMES, ApiKey, Channel, Guild, GuildMember
from guilds.services import api_key_create, guild_config_for, member_set_permissions

CHANNEL_NAMES = [
    "general", "dev-chat", "design", "support", "ops", "marketing", "sales", "random",
    "backend", "frontend", "mobile", "qa", "releases", "incidents", "hiring", "finance",
    "docs", "data", "security", "standup",
]  # fmt: skip
MEMBERS = 200
DISCORD_EPOCH_MS = 1_420_070_400_000

VERBS = [
    "Review", "Fix", "Write", "Send", "Update", "Book", "Prepare", "Investigate",
    "Schedule", "Draft", "Test", "Deploy", "Document", "Follow up on", "Clean up",
    "Estimate", "Migrate", "Share", "Check", "Plan",
]  # fmt: skip
OBJECTS = [
    ("the Q3 release notes", Category.PROJECT),
    ("the login timeout on the mobile app", Category.BUG),
    ("a room for sprint planning", Category.MEETING),
    ("the pull request for the payments refactor", Category.PROJECT),
    ("the onboarding doc with the new VPN steps", Category.GENERAL),
    ("the flaky checkout integration test", Category.BUG),
    ("the customer interview notes", Category.MEETING),
    ("PostgreSQL on staging", Category.PROJECT),
    ("the TLS certificate for the status page", Category.GENERAL),
    ("the postmortem for Tuesday's outage", Category.BUG),
    ("invoice reminders to overdue clients", Category.GENERAL),
    ("the rate-limit headers in the API guide", Category.PROJECT),
    ("the retro agenda", Category.MEETING),
    ("the crash on startup reported by support", Category.BUG),
    ("the launch checklist", Category.PROJECT),
    ("the budget for next quarter", Category.GENERAL),
]
WHEN = ["", " before Friday", " by end of sprint", " for the launch", " today", " next week"]
STATUSES = [Status.PENDING, Status.IN_PROGRESS, Status.COMPLETED, Status.ARCHIVED]
STATUS_WEIGHTS = [5, 2, 4, 1]
PRIORITIES = [Priority.LOW, Priority.MEDIUM, Priority.HIGH]
PRIORITY_WEIGHTS = [3, 5, 2]
SOURCES = [Source.SWEEP, Source.API, Source.BOT, Source.REACTION]
SOURCE_WEIGHTS = [16, 2, 1, 1]
COLUMNS = [
    "public_id", "guild_id", "channel_id", "source", "source_message_id", "jump_url",
    "excerpt", "summary", "text", "priority", "category", "status", "assigned_to",
    "created_by", "due_date", "confidence", "fingerprint", "created_at", "updated_at",
    "completed_at",
]  # fmt: skip


class Command(BaseCommand):
    help = "Create (or top up) a guild with N realistic action items, fast; prints an API key."

    def add_arguments(self, parser):
        parser.add_argument("--guild-id", required=True)
        parser.add_argument("--items", type=int, required=True, help="items the guild should have")
        parser.add_argument("--user-id", default="loadowner", help="the member the key acts as")
        parser.add_argument("--tier", default=ApiKey.Tier.ENTERPRISE)
        parser.add_argument("--days", type=int, default=365, help="days of history")
        parser.add_argument("--batch", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=None, help="random seed")

    def handle(self, *args, guild_id, items, user_id, tier, days, batch, seed, **options):
        guild_id = _check_guild(guild_id, "Load test")
        check_user_id(user_id)
        check_tier(tier)
        if items < 0 or days < 1 or batch < 1:
            raise CommandError("--items must be 0 or more, --days and --batch 1 or more.")
        guild, channels = _seed_guild(guild_id, user_id)
        have = ActionItem.objects.filter(guild=guild).count()
        if have >= items:
            self.stdout.write(f"Guild {guild_id} has {have:,} items already; none added.")
        else:
            rows = RowMaker(guild_id, channels, days=days, rng=random.Random(seed))
            self._insert(rows, have, items, batch)
            items_changed(guild_id)
        _analyze()
        key = api_key_create(user_id=user_id, tier=tier, name="seed_load")[1]
        self.stdout.write(f"API key ({tier}) for {user_id} in guild {guild_id}:")
        self.stdout.write(key)

    def _insert(self, rows: "RowMaker", have: int, items: int, batch: int) -> None:
        started = time.perf_counter()
        insert = _copy_rows if connection.vendor == "postgresql" else _create_rows
        for first in range(have, items, batch):
            count = min(batch, items - first)
            for attempt in range(3):
                try:
                    with transaction.atomic():
                        insert([rows.make(first + n, items) for n in range(count)])
                    break
                except IntegrityError:  # a random public id taken: a new batch of them
                    if attempt == 2:
                        raise
            done = first + count
            rate = (done - have) / (time.perf_counter() - started)
            self.stdout.write(f"items {done:,}/{items:,} ({rate:,.0f}/s)")


def _seed_guild(guild_id: int, user_id: str) -> tuple[Guild, list[int]]:
    with transaction.atomic():
        guild, _ = Guild.objects.get_or_create(
            id=guild_id,
            defaults={"name": "Load test", "owner_id": user_id, "member_count": MEMBERS + 1},
        )
        config = guild_config_for(guild)
        channels = []
        for position, name in enumerate(CHANNEL_NAMES):
            channel, _ = Channel.objects.get_or_create(
                id=guild_id + 1 + position,
                defaults={"guild": guild, "name": name, "position": position},
            )
            if channel.guild_id != guild_id:
                raise CommandError(f"Channel id {channel.id} belongs to another guild.")
            channels.append(channel.id)
        if config.sweep_output_channel_id is None:
            Channel.objects.filter(id__in=channels[:5]).update(monitored=True)
            config.sweep_output_channel_id = channels[0]
            config.todo_channel_id = channels[0]
            config.save(update_fields=["sweep_output_channel", "todo_channel"])
        GuildMember.objects.bulk_create(
            [GuildMember(guild=guild, user_id=member_id(n)) for n in range(MEMBERS)],
            ignore_conflicts=True,
        )
        member_set_permissions(
            guild=guild, user_id=user_id, permissions=dict.fromkeys(PERMISSION_NAMES, True)
        )
    return guild, channels


def member_id(n: int) -> str:
    return f"member{n:04d}"


class RowMaker:
    """Rows in ``COLUMNS`` order: item ``n`` of ``total`` is created ``n / total`` into
    the history, so rows come oldest first."""

    def __init__(self, guild_id: int, channels: list[int], *, days: int, rng: random.Random):
        self.guild_id = guild_id
        self.channels = channels
        self.rng = rng
        self.run = secrets.token_hex(4)
        self.now = datetime.now(UTC)
        self.span = timedelta(days=days).total_seconds()

    def make(self, n: int, total: int) -> tuple:
        rng = self.rng
        created = self.now - timedelta(seconds=(1 - (n + rng.random()) / total) * self.span)
        verb = rng.choice(VERBS)
        thing, category = rng.choice(OBJECTS)
        text = f"{verb} {thing}{rng.choice(WHEN)}"
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        completed = None
        if status == Status.COMPLETED:
            completed = min(self.now, created + timedelta(hours=rng.expovariate(1 / 30)))
        updated = completed or min(self.now, created + timedelta(hours=rng.expovariate(1 / 12)))
        source = rng.choices(SOURCES, SOURCE_WEIGHTS)[0]
        channel = rng.choice(self.channels)
        message_id = jump_url = confidence = None
        excerpt = ""
        if source in (Source.SWEEP, Source.REACTION):
            millis = int(created.timestamp() * 1000) - DISCORD_EPOCH_MS
            message_id = (millis << 22) + n % 4096
            jump_url = f"https://discord.com/channels/{self.guild_id}/{channel}/{message_id}"
            excerpt = f"Can someone {text[0].lower()}{text[1:]}?"
            confidence = round(rng.uniform(0.5, 1.0), 2)
        assigned = member_id(rng.randrange(MEMBERS)) if rng.random() < 0.7 else None
        creator = member_id(rng.randrange(MEMBERS)) if source != Source.SWEEP else None
        due = created.date() + timedelta(days=rng.randrange(1, 15)) if rng.random() < 0.4 else None
        fingerprint = hashlib.sha256(f"seed:{self.run}:{n}".encode()).hexdigest()
        return (
            secrets.token_hex(6), self.guild_id, channel, source, message_id, jump_url or "",
            excerpt, thing[:200], text, rng.choices(PRIORITIES, PRIORITY_WEIGHTS)[0], category,
            status, assigned, creator, due, confidence, fingerprint, created, updated, completed,
        )  # fmt: skip


def _copy_rows(rows: list[tuple]) -> None:
    sql = f"COPY {ActionItem._meta.db_table} ({', '.join(COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _create_rows(rows: list[tuple]) -> None:
    items = [ActionItem(**dict(zip(COLUMNS, row, strict=True))) for row in rows]
    ActionItem.objects.bulk_create(items)


def _analyze() -> None:
    """Fresh statistics for the planner; on PostgreSQL a vacuum also marks the pages all
    visible, so counts can be index-only scans."""
    table = ActionItem._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
        else:
            cursor.execute(f"ANALYZE {table}")
