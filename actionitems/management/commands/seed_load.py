"""A large, realistic guild for load tests and query plans, made fast.

Creates the guild if missing (config, channels, members, one member holding every
permission), then adds action items until the guild has ``--items`` of them:
texts, priorities, statuses, categories, assignees and dates spread over
``--days`` of history, oldest first, so the table is in creation order as in
production. PostgreSQL gets the rows through ``COPY``; other databases through
``bulk_create``. Then the table is analysed, and the last line of output is a new
API key for the member.
"""

import math
import random
import secrets
import time
from datetime import UTC, date, datetime

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
# Weighted pools: five pending items to two in progress, four completed and one archived.
STATUS_POOL = ["pending"] * 5 + ["in_progress"] * 2 + ["completed"] * 4 + ["archived"]
PRIORITY_POOL = [Priority.LOW.value] * 3 + [Priority.MEDIUM.value] * 5 + [Priority.HIGH.value] * 2
SOURCE_POOL = ["sweep"] * 16 + ["api"] * 2 + ["bot", "reaction"]
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
    the history, so rows come oldest first. Choices come from weighted pools by index,
    which keeps a row at a few microseconds."""

    def __init__(self, guild_id: int, channels: list[int], *, days: int, rng: random.Random):
        self.guild_id = guild_id
        self.channels = channels
        self.rng = rng
        self.ids = random.Random(secrets.randbits(64))  # unseeded: public ids are global
        self.run = secrets.token_hex(4)
        self.now = time.time()
        self.span = days * 86400
        self.texts = [
            (f"{verb} {thing}{when}", thing, category.value)
            for verb in VERBS
            for thing, category in OBJECTS
            for when in WHEN
        ]
        self.members = [member_id(n) for n in range(MEMBERS)]

    def make(self, n: int, total: int) -> tuple:
        r = self.rng.random
        created_ts = self.now - (1 - (n + r()) / total) * self.span
        created = datetime.fromtimestamp(created_ts, UTC)
        text, summary, category = _pick(self.texts, r())
        status = _pick(STATUS_POOL, r())
        completed = None
        if status == Status.COMPLETED:
            completed = _at(min(self.now, created_ts - math.log(1 - r()) * 30 * 3600))
        updated = completed or _at(min(self.now, created_ts - math.log(1 - r()) * 12 * 3600))
        source = _pick(SOURCE_POOL, r())
        channel = _pick(self.channels, r())
        message_id = confidence = None
        jump_url = excerpt = ""
        if source in (Source.SWEEP, Source.REACTION):
            message_id = ((int(created_ts * 1000) - DISCORD_EPOCH_MS) << 22) + n % 4096
            jump_url = f"https://discord.com/channels/{self.guild_id}/{channel}/{message_id}"
            excerpt = f"Can someone {text[0].lower()}{text[1:]}?"
            confidence = round(0.5 + r() / 2, 2)
        assigned = _pick(self.members, r()) if r() < 0.7 else None
        creator = _pick(self.members, r()) if source != Source.SWEEP else None
        due = date.fromordinal(created.toordinal() + 1 + int(r() * 14)) if r() < 0.4 else None
        return (
            f"{self.ids.getrandbits(48):012x}", self.guild_id, channel, source, message_id,
            jump_url, excerpt, summary, text, _pick(PRIORITY_POOL, r()), category, status,
            assigned, creator, due, confidence, f"load:{self.run}:{n}", created, updated,
            completed,
        )  # fmt: skip


def _pick(pool: list, fraction: float):
    return pool[int(fraction * len(pool))]


def _at(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)


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
