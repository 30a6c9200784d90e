from django.db import models
from django.db.models import Q
from django.utils import timezone

from noteticketing.ids import new_prefixed_id


def new_endpoint_id() -> str:
    return new_prefixed_id("wh")


def new_delivery_id() -> str:
    return new_prefixed_id("whd")


def new_event_id() -> str:
    return new_prefixed_id("evt")


class Event(models.TextChoices):
    ACTION_ITEM_CREATED = "action_item.created"
    ACTION_ITEM_UPDATED = "action_item.updated"
    ACTION_ITEM_STATUS_CHANGED = "action_item.status_changed"
    ACTION_ITEM_DELETED = "action_item.deleted"
    SWEEP_COMPLETED = "sweep.completed"
    SWEEP_FAILED = "sweep.failed"
    CONFIG_UPDATED = "config.updated"
    PING = "ping"


class WebhookEndpoint(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=new_endpoint_id)
    guild = models.ForeignKey("guilds.Guild", on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=2000)
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=512)
    active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=200, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    failing_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["guild", "active"], name="webhook_guild_active")]

    def __str__(self) -> str:
        return f"{self.public_id} → {self.url}"


class WebhookDelivery(models.Model):
    """One event for one endpoint; its id stays the same on every retry."""

    class Status(models.TextChoices):
        PENDING = "pending"
        SUCCEEDED = "succeeded"
        FAILED = "failed"

    public_id = models.CharField(max_length=32, unique=True, default=new_delivery_id)
    event_id = models.CharField(max_length=32, default=new_event_id)
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=40, choices=Event.choices)
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempt_count = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event_id", "endpoint"], name="delivery_unique"),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], condition=Q(status="pending"), name="delivery_due"
            ),
            models.Index(fields=["endpoint", "created_at", "id"], name="delivery_endpoint"),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} {self.event}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts")
    created_at = models.DateTimeField(default=timezone.now)
    duration_ms = models.PositiveIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_excerpt = models.CharField(max_length=1000, blank=True)
    error = models.CharField(max_length=500, blank=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["delivery", "created_at"], name="attempt_delivery")]

    def __str__(self) -> str:
        return f"attempt {self.pk} of {self.delivery_id}"
