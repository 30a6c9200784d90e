from django.db import models
from django.db.models import Q
from django.utils import timezone

from noteticketing.fields import UserIdField
from noteticketing.ids import new_prefixed_id


def new_sweep_id() -> str:
    return new_prefixed_id("sweep")


class Sweep(models.Model):
    """One run over a guild's monitored channels; at most one queued or running per guild."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        COMPLETED = "completed"
        FAILED = "failed"

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule"
        API = "api"
        BOT = "bot"
        TRANSCRIPT = "transcript"

    public_id = models.CharField(max_length=32, unique=True, default=new_sweep_id)
    guild = models.ForeignKey("guilds.Guild", on_delete=models.CASCADE, related_name="sweeps")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    trigger = models.CharField(max_length=16, choices=Trigger.choices, default=Trigger.SCHEDULE)
    triggered_by = UserIdField(null=True, blank=True)
    channel_ids = models.JSONField(default=list, blank=True)
    force = models.BooleanField(default=False)
    triggered_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    # Touched as the sweep makes progress; a running sweep gone quiet lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    channels_processed = models.PositiveIntegerField(default=0)
    messages_processed = models.PositiveIntegerField(default=0)
    action_items_found = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    digest_message_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-triggered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["guild"],
                condition=Q(status__in=["queued", "running"]),
                name="sweep_one_active_per_guild",
            ),
        ]
        indexes = [
            models.Index(fields=["guild", "triggered_at", "id"], name="sweep_guild_triggered"),
            models.Index(fields=["status", "triggered_at"], name="sweep_status_triggered"),
        ]

    def __str__(self) -> str:
        return self.public_id

    @property
    def duration_seconds(self) -> int | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return round((self.finished_at - self.started_at).total_seconds())


class SweepChannelStat(models.Model):
    """What one sweep did in one channel; analytics aggregate these by day."""

    sweep = models.ForeignKey(Sweep, on_delete=models.CASCADE, related_name="channel_stats")
    guild = models.ForeignKey("guilds.Guild", on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey("guilds.Channel", on_delete=models.CASCADE, related_name="+")
    messages_processed = models.PositiveIntegerField(default=0)
    action_items_found = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # The cursor this sweep started reading the channel from; a forced sweep re-reads from it.
    read_from = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sweep", "channel"], name="sweepstat_unique"),
        ]
        indexes = [
            models.Index(fields=["guild", "created_at"], name="sweepstat_guild_created"),
            models.Index(fields=["channel", "created_at"], name="sweepstat_channel_created"),
        ]

    def __str__(self) -> str:
        return f"{self.sweep_id} #{self.channel_id}"


class ChannelCursor(models.Model):
    """The newest message of a channel that a sweep has read."""

    channel = models.OneToOneField(
        "guilds.Channel", on_delete=models.CASCADE, primary_key=True, related_name="cursor"
    )
    last_message_id = models.BigIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"#{self.channel_id} after {self.last_message_id}"
