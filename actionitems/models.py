from django.db import models
from django.db.models import Q
from django.utils import timezone

from noteticketing.fields import UserIdField
from noteticketing.ids import new_action_item_id


class Priority(models.IntegerChoices):
    """Stored as a rank so that sorting by priority is sorting by urgency, on an index."""

    LOW = 1, "low"
    MEDIUM = 2, "medium"
    HIGH = 3, "high"

    @classmethod
    def from_label(cls, label: str) -> "Priority":
        return {member.label: member for member in cls}[label]


class Category(models.TextChoices):
    MEETING = "meeting"
    PROJECT = "project"
    BUG = "bug"
    GENERAL = "general"


class Status(models.TextChoices):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    ARCHIVED = "archived"


class Source(models.TextChoices):
    SWEEP = "sweep"
    API = "api"
    BOT = "bot"
    REACTION = "reaction"
    ADMIN = "admin"


class ActionItem(models.Model):
    public_id = models.CharField(max_length=12, unique=True, default=new_action_item_id)
    guild = models.ForeignKey("guilds.Guild", on_delete=models.CASCADE, related_name="action_items")
    channel = models.ForeignKey(
        "guilds.Channel", on_delete=models.PROTECT, related_name="action_items"
    )
    sweep = models.ForeignKey(
        "sweeps.Sweep", null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.API)
    source_message_id = models.BigIntegerField(null=True, blank=True)
    jump_url = models.URLField(max_length=200, blank=True)
    excerpt = models.CharField(max_length=300, blank=True)
    summary = models.CharField(max_length=200, blank=True)
    text = models.CharField(max_length=500)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.MEDIUM)
    category = models.CharField(max_length=16, choices=Category.choices, default=Category.GENERAL)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    assigned_to = UserIdField(null=True, blank=True)
    created_by = UserIdField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["guild", "fingerprint"], name="item_fingerprint_unique"
            ),
            models.CheckConstraint(condition=Q(priority__in=[1, 2, 3]), name="item_priority_valid"),
        ]
        indexes = [
            # Covers the analytics counts of a period (per day, per channel, by priority,
            # category and status) as index-only scans; PostgreSQL only, elsewhere a plain index.
            models.Index(
                fields=["guild", "created_at", "id"],
                include=["priority", "category", "status", "channel"],
                name="item_guild_created_incl",
            ),
            models.Index(fields=["guild", "updated_at", "id"], name="item_guild_updated"),
            # Ties in priority go newest first. Ordering them by id alone would let
            # PostgreSQL serve "priority=high&sort=priority" from the primary key, reading
            # every other guild's rows before the first of this one.
            models.Index(
                fields=["guild", "priority", "created_at", "id"], name="item_guild_priority_created"
            ),
            models.Index(fields=["guild", "status", "created_at", "id"], name="item_guild_status"),
            models.Index(
                fields=["guild", "channel", "created_at", "id"], name="item_guild_channel"
            ),
            models.Index(fields=["guild", "assigned_to", "status"], name="item_guild_assignee"),
            models.Index(
                fields=["guild", "completed_at", "created_at"],
                condition=Q(completed_at__isnull=False),
                name="item_guild_completed",
            ),
            models.Index(fields=["guild", "created_by"], name="item_guild_creator"),
        ]

    def __str__(self) -> str:
        return f"{self.public_id}: {self.text[:60]}"

    @property
    def priority_label(self) -> str:
        return Priority(self.priority).label
