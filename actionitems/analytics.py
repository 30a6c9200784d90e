"""Analytics selectors: every figure is aggregated by the database.

A period is the last N calendar days in UTC, today included (``1d`` is today so
far, ``7d`` today and the six days before). Day buckets and totals cover the same
window, so a trend always sums to its total. The only Python loop is over the at
most 90 day buckets, to fill the days without activity with zeros.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DateField,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from actionitems.models import ActionItem, Category, Priority, Status
from guilds.models import Channel, Guild
from sweeps.models import Sweep, SweepChannelStat

PERIOD_DAYS = {"1d": 1, "7d": 7, "30d": 30, "90d": 90}
TOP_CHANNELS = 5
OPEN_STATUSES = (Status.PENDING, Status.IN_PROGRESS)


@dataclass(frozen=True)
class Period:
    name: str
    days: int
    start: datetime

    @property
    def first_day(self) -> date:
        return self.start.date()


def parse_period(value: str | None, *, now: datetime | None = None) -> Period:
    """The period named by ``?period=``; missing or unknown is a 400."""
    if value not in PERIOD_DAYS:
        raise ValidationError({"period": f"Must be one of: {', '.join(PERIOD_DAYS)}."})
    days = PERIOD_DAYS[value]
    today = (now or timezone.now()).astimezone(UTC).date()
    start = datetime.combine(today - timedelta(days=days - 1), time.min, tzinfo=UTC)
    return Period(name=value, days=days, start=start)


def _per_day(rows, period: Period) -> list[int]:
    """``(day, count)`` rows as one number per day of the period, oldest first."""
    by_day = {day if isinstance(day, date) else date.fromisoformat(day): n for day, n in rows}
    return [by_day.get(period.first_day + timedelta(days=i), 0) for i in range(period.days)]


def _items(guild: Guild, period: Period):
    return ActionItem.objects.filter(guild=guild, created_at__gte=period.start).order_by()


def _completed(guild: Guild, period: Period):
    """Items completed in the period (``completed_at`` is set only while completed)."""
    return ActionItem.objects.filter(guild=guild, completed_at__gte=period.start).order_by()


def _stats(guild: Guild, period: Period):
    return SweepChannelStat.objects.filter(guild=guild, created_at__gte=period.start).order_by()


def _sweeps(guild: Guild, period: Period):
    return Sweep.objects.filter(guild=guild, triggered_at__gte=period.start).order_by()


def _utc_day(field: str) -> Cast:
    """The UTC calendar day of a time: a plain cast, since Django runs its connections in UTC.

    Cheaper per row than ``TruncDate(tzinfo=UTC)`` (``AT TIME ZONE 'UTC'``), which tells over
    the quarter of a million items of a busy guild's 90 days."""
    return Cast(field, output_field=DateField())


def _daily(queryset, aggregate, period: Period) -> list[int]:
    rows = (
        queryset.annotate(day=_utc_day("created_at"))
        .values("day")
        .annotate(n=aggregate)
        .values_list("day", "n")
    )
    return _per_day(rows, period)


def items_per_day(guild: Guild, period: Period) -> list[int]:
    return _daily(_items(guild, period), Count("id"), period)


def messages_per_day(guild: Guild, period: Period) -> list[int]:
    return _daily(_stats(guild, period), Sum("messages_processed"), period)


def top_channels(guild: Guild, period: Period) -> list[dict]:
    """The busiest channels by action items found, then by messages processed."""
    items = (
        _items(guild, period)
        .filter(channel=OuterRef("pk"))
        .values("channel")
        .annotate(n=Count("id"))
        .values("n")
    )
    messages = (
        _stats(guild, period)
        .filter(channel=OuterRef("pk"))
        .values("channel")
        .annotate(n=Sum("messages_processed"))
        .values("n")
    )
    zero = Value(0, output_field=IntegerField())
    rows = (
        Channel.objects.filter(guild=guild)
        .annotate(
            items_found=Coalesce(Subquery(items, output_field=IntegerField()), zero),
            messages=Coalesce(Subquery(messages, output_field=IntegerField()), zero),
        )
        .order_by("-items_found", "-messages", "id")
        .values("id", "name", "items_found", "messages")[:TOP_CHANNELS]
    )
    # Idle channels sort last, so dropping them from the top five equals filtering first;
    # a WHERE on the counts would make the database count every channel twice.
    return [
        {
            "channel_id": str(row["id"]),
            "channel_name": row["name"],
            "action_items": row["items_found"],
            "messages_processed": row["messages"],
        }
        for row in rows
        if row["items_found"] or row["messages"]
    ]


def guild_analytics(guild: Guild, period: Period) -> dict:
    items = items_per_day(guild, period)
    messages = messages_per_day(guild, period)
    return {
        "guild_id": str(guild.id),
        "period": period.name,
        "summary": {
            "total_messages_processed": sum(messages),
            "total_action_items": sum(items),
            "sweeps_executed": _sweeps(guild, period).count(),
            "channels_monitored": Channel.objects.filter(
                guild=guild, monitored=True, deleted_at__isnull=True
            ).count(),
        },
        "trends": {"action_items_per_day": items, "messages_processed_per_day": messages},
        "top_channels": top_channels(guild, period),
    }


def action_item_breakdown(guild: Guild, period: Period) -> dict:
    """Counts by priority, category and status in one pass over the period's items."""
    groups = {
        "by_priority": {member.label: Q(priority=member.value) for member in Priority},
        "by_category": {value: Q(category=value) for value in Category.values},
        "by_status": {value: Q(status=value) for value in Status.values},
    }
    aggregates = {
        f"{group}__{key}": Count("id", filter=condition)
        for group, conditions in groups.items()
        for key, condition in conditions.items()
    }
    counts = _items(guild, period).aggregate(total=Count("id"), **aggregates)
    total = counts["total"]
    body = {"guild_id": str(guild.id), "period": period.name}
    for group, conditions in groups.items():
        body[group] = {key: counts[f"{group}__{key}"] for key in conditions}
    completed = body["by_status"][Status.COMPLETED]
    body["completion_rate"] = round(completed / total, 2) if total else 0
    return body


class SecondsBetween(Func):
    """``end - start`` in seconds, spelled for each database."""

    arity = 2
    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        (start, start_params), (end, end_params) = (
            compiler.compile(e) for e in self.source_expressions
        )
        return f"((julianday({end}) - julianday({start})) * 86400.0)", [
            *end_params,
            *start_params,
        ]

    def as_postgresql(self, compiler, connection, **extra):
        (start, start_params), (end, end_params) = (
            compiler.compile(e) for e in self.source_expressions
        )
        # date_part() gives a float directly; EXTRACT() computes a numeric first, twice as slow.
        return f"date_part('epoch', {end} - {start})", [*end_params, *start_params]


class Median(Aggregate):
    """PostgreSQL's ``percentile_cont(0.5)``."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def median_completion_seconds(guild: Guild, period: Period) -> float | None:
    """Median time from creation to completion of the items completed in the period."""
    completed = _completed(guild, period)
    duration = SecondsBetween(F("created_at"), F("completed_at"))
    if connection.vendor == "postgresql":
        median = completed.aggregate(m=Median(duration))["m"]
    else:
        # Elsewhere: the middle one or two durations of the ordered set, by OFFSET.
        count = completed.count()
        if not count:
            return None
        middle = completed.annotate(d=duration).order_by("d").values_list("d", flat=True)
        values = list(middle[(count - 1) // 2 : count // 2 + 1])
        median = sum(values) / len(values)
    return None if median is None else round(median, 1)


def guild_stats(guild: Guild, period: Period) -> dict:
    items = _items(guild, period).aggregate(
        created=Count("id"), open=Count("id", filter=Q(status__in=OPEN_STATUSES))
    )
    completed = _completed(guild, period).count()
    sweeps = _sweeps(guild, period).aggregate(
        run=Count("id"), failed=Count("id", filter=Q(status=Sweep.Status.FAILED))
    )
    messages = _stats(guild, period).aggregate(n=Sum("messages_processed"))["n"] or 0
    return {
        "guild_id": str(guild.id),
        "period": period.name,
        "action_items_created": items["created"],
        "action_items_completed": completed,
        "action_items_open": items["open"],
        "messages_processed": messages,
        "sweeps_run": sweeps["run"],
        "sweeps_failed": sweeps["failed"],
        "median_completion_seconds": median_completion_seconds(guild, period),
    }
