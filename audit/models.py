from django.db import models
from django.utils import timezone

from noteticketing.fields import UserIdField
from noteticketing.ids import new_prefixed_id


def new_audit_id() -> str:
    return new_prefixed_id("audit")


class AuditLog(models.Model):
    """An append-only record of who touched what; written by services, never by the API."""

    class Action(models.TextChoices):
        DATA_ACCESS = "data_access"
        DATA_DELETION = "data_deletion"
        PRIVACY_TOGGLE = "privacy_toggle"
        CONFIG_CHANGE = "config_change"
        PERMISSION_CHANGE = "permission_change"
        API_KEY_CREATED = "api_key_created"
        API_KEY_REVOKED = "api_key_revoked"
        SWEEP_TRIGGERED = "sweep_triggered"

    public_id = models.CharField(max_length=32, unique=True, default=new_audit_id)
    guild = models.ForeignKey(
        "guilds.Guild", null=True, blank=True, on_delete=models.CASCADE, related_name="audit_logs"
    )
    action = models.CharField(max_length=32, choices=Action.choices)
    user_id = UserIdField(null=True, blank=True)
    details = models.TextField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    timestamp = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-timestamp", "-id"]
        indexes = [
            models.Index(fields=["guild", "timestamp", "id"], name="audit_guild_time"),
            models.Index(fields=["guild", "action", "timestamp", "id"], name="audit_guild_action"),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} {self.action}"
