from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone

from noteticketing.fields import UserIdField

PERMISSION_NAMES = (
    "can_configure_bot",
    "can_manage_action_items",
    "can_view_analytics",
    "can_trigger_sweeps",
)


class Guild(models.Model):
    """A Discord server the bot has joined; the id is Discord's snowflake."""

    id = models.BigIntegerField(primary_key=True)
    name = models.CharField(max_length=100)
    icon_hash = models.CharField(max_length=64, blank=True)
    owner_id = UserIdField(blank=True)
    member_count = models.PositiveIntegerField(default=0)
    bot_permissions = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"

    @property
    def icon_url(self) -> str | None:
        if not self.icon_hash:
            return None
        return f"https://cdn.discordapp.com/icons/{self.id}/{self.icon_hash}.png"


class Channel(models.Model):
    class Type(models.TextChoices):
        TEXT = "text"
        VOICE = "voice"
        CATEGORY = "category"
        ANNOUNCEMENT = "announcement"
        FORUM = "forum"
        STAGE = "stage"
        THREAD = "thread"

    id = models.BigIntegerField(primary_key=True)
    guild = models.ForeignKey(Guild, on_delete=models.CASCADE, related_name="channels")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="threads"
    )
    name = models.CharField(max_length=100)
    type = models.CharField(max_length=16, choices=Type.choices, default=Type.TEXT)
    position = models.IntegerField(default=0)
    monitored = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [
            models.Index(fields=["guild", "position"], name="channel_guild_position"),
            models.Index(
                fields=["guild"], condition=Q(monitored=True), name="channel_guild_monitored"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.name}"

    @property
    def is_textual(self) -> bool:
        return self.type in {self.Type.TEXT, self.Type.ANNOUNCEMENT, self.Type.THREAD}


class GuildConfig(models.Model):
    guild = models.OneToOneField(
        Guild, on_delete=models.CASCADE, primary_key=True, related_name="config"
    )
    active = models.BooleanField(default=True)
    privacy_mode_enabled = models.BooleanField(default=False)
    todo_channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sweep_output_channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sweep_interval_hours = models.PositiveSmallIntegerField(default=6)
    last_sweep_time = models.DateTimeField(null=True, blank=True)
    next_sweep_at = models.DateTimeField(null=True, blank=True)
    reaction_emoji = models.CharField(max_length=64, default="📝")
    todo_message_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_sweep_at"], condition=Q(active=True), name="config_due_sweeps"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(sweep_interval_hours__gte=1, sweep_interval_hours__lte=168),
                name="config_sweep_interval_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Config of {self.guild_id}"

    @property
    def next_sweep_time(self):
        """The last sweep plus the interval; now for an active guild never swept."""
        if not self.active:
            return None
        if self.last_sweep_time is None:
            return timezone.now()
        return self.last_sweep_time + timedelta(hours=self.sweep_interval_hours)


class GuildMember(models.Model):
    """A user's standing in one guild: Discord roles and NoteTicketing's four permissions.

    ``is_admin`` mirrors Discord's Administrator or Manage Server; such members and
    the guild owner hold all four permissions whatever the stored flags say.
    """

    guild = models.ForeignKey(Guild, on_delete=models.CASCADE, related_name="members")
    user_id = UserIdField()
    display_name = models.CharField(max_length=100, blank=True)
    roles = models.JSONField(default=list, blank=True)
    is_admin = models.BooleanField(default=False)
    can_configure_bot = models.BooleanField(default=False)
    can_manage_action_items = models.BooleanField(default=False)
    can_view_analytics = models.BooleanField(default=False)
    can_trigger_sweeps = models.BooleanField(default=False)
    joined_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["guild", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["guild", "user_id"], name="member_unique_per_guild"),
        ]
        indexes = [models.Index(fields=["user_id"], name="member_user")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.guild_id}"

    @property
    def holds_everything(self) -> bool:
        return self.is_admin or self.user_id == self.guild.owner_id

    def has_permission(self, name: str) -> bool:
        return self.holds_everything or getattr(self, name)

    def effective_permissions(self) -> dict[str, bool]:
        return {name: self.has_permission(name) for name in PERMISSION_NAMES}


class ApiKey(models.Model):
    """An API key issued to one Discord user; only a hash of its secret is kept."""

    class Tier(models.TextChoices):
        STANDARD = "standard"
        PREMIUM = "premium"
        ENTERPRISE = "enterprise"

    user_id = UserIdField()
    name = models.CharField(max_length=100, blank=True)
    tier = models.CharField(max_length=16, choices=Tier.choices, default=Tier.STANDARD)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user_id", "created_at"], name="apikey_user_created")]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"ntk_{self.prefix}_… ({self.name or self.user_id})"
