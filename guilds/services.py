"""Write paths for guilds, their config, members and API keys."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from actionitems.models import ActionItem
from audit.services import Action, audit_record
from guilds.models import PERMISSION_NAMES, ApiKey, Channel, Guild, GuildConfig, GuildMember
from noteticketing.api.keys import generate_key
from webhooks import payloads
from webhooks.models import Event
from webhooks.services import event_emit


def guild_config_for(guild: Guild) -> GuildConfig:
    return GuildConfig.objects.get_or_create(guild=guild)[0]


@transaction.atomic
def guild_config_update(
    *,
    config: GuildConfig,
    active: bool | None = None,
    privacy_mode_enabled: bool | None = None,
    channels_to_monitor: list[Channel] | None = None,
    todo_channel: Channel | None = ...,
    sweep_output_channel: Channel | None = ...,
    sweep_interval_hours: int | None = None,
    actor: str | None = None,
    ip_address: str | None = None,
) -> GuildConfig:
    """Apply the given changes; ``...`` leaves a channel setting as it is, None clears it.

    Records a ``config_change`` entry, plus ``privacy_toggle`` when privacy mode flips.
    """
    changed = []
    for name, value in (
        ("active", active),
        ("privacy_mode_enabled", privacy_mode_enabled),
        ("sweep_interval_hours", sweep_interval_hours),
    ):
        if value is not None and getattr(config, name) != value:
            setattr(config, name, value)
            changed.append(name)
    for name, value in (
        ("todo_channel", todo_channel),
        ("sweep_output_channel", sweep_output_channel),
    ):
        if value is not ... and getattr(config, name) != value:
            setattr(config, name, value)
            changed.append(name)
    if "sweep_interval_hours" in changed and config.last_sweep_time:
        config.next_sweep_at = config.last_sweep_time + timedelta(hours=config.sweep_interval_hours)
        changed.append("next_sweep_at")
    if "privacy_mode_enabled" in changed and config.privacy_mode_enabled:
        _purge_excerpts(config.guild_id)
    if channels_to_monitor is not None:
        _set_monitored(config.guild_id, channels_to_monitor)
    if changed or channels_to_monitor is not None:
        config.save(update_fields=[*changed, "updated_at"])
        _audit_config(config, changed, channels_to_monitor, actor, ip_address)
        names = [_CONFIG_NAMES.get(name, name) for name in changed if name != "next_sweep_at"]
        _emit_config(config, names + ["channels_to_monitor"] * (channels_to_monitor is not None))
    return config


# Config fields as the API names them.
_CONFIG_NAMES = {
    "todo_channel": "todo_channel_id",
    "sweep_output_channel": "sweep_output_channel_id",
}


def _emit_config(config: GuildConfig, changed: list[str]) -> None:
    event_emit(
        guild=config.guild_id,
        event=Event.CONFIG_UPDATED,
        payload=lambda: payloads.config(config, changed),
    )


def _audit_config(config, changed, channels_to_monitor, actor, ip_address) -> None:
    audit = {"guild": config.guild, "user_id": actor, "ip_address": ip_address}
    if "privacy_mode_enabled" in changed:
        state = "enabled; stored excerpts purged" if config.privacy_mode_enabled else "disabled"
        audit_record(action=Action.PRIVACY_TOGGLE, details=f"Privacy mode {state}", **audit)
    names = [name for name in changed if name not in ("privacy_mode_enabled", "next_sweep_at")]
    if channels_to_monitor is not None:
        names.append("channels_to_monitor")
    if names:
        audit_record(
            action=Action.CONFIG_CHANGE, details=f"Config changed: {', '.join(names)}", **audit
        )


def _purge_excerpts(guild_id: int) -> None:
    """Privacy mode keeps no trace of source messages beyond the extracted text."""
    ActionItem.objects.filter(guild_id=guild_id).exclude(excerpt="").update(excerpt="")


def _set_monitored(guild_id: int, channels: list[Channel]) -> None:
    ids = [channel.id for channel in channels]
    Channel.objects.filter(guild_id=guild_id, monitored=True).exclude(id__in=ids).update(
        monitored=False
    )
    Channel.objects.filter(guild_id=guild_id, id__in=ids).update(monitored=True)


@transaction.atomic
def channel_set_monitored(
    *,
    config: GuildConfig,
    channel: Channel,
    monitored: bool,
    actor: str | None = None,
    ip_address: str | None = None,
) -> Channel:
    if channel.monitored != monitored:
        channel.monitored = monitored
        channel.save(update_fields=["monitored"])
        config.save(update_fields=["updated_at"])
        audit_record(
            guild=config.guild,
            action=Action.CONFIG_CHANGE,
            user_id=actor,
            details=f"Channel #{channel.name} ({channel.id}) "
            + ("monitored" if monitored else "no longer monitored"),
            ip_address=ip_address,
        )
        _emit_config(config, ["channels_to_monitor"])
    return channel


@transaction.atomic
def member_set_permissions(
    *,
    guild: Guild,
    user_id: str,
    permissions: dict[str, bool],
    actor: str | None = None,
    ip_address: str | None = None,
) -> GuildMember:
    """Set stored permission flags; a user the guild does not know yet becomes a member."""
    member, created = GuildMember.objects.select_for_update().get_or_create(
        guild=guild, user_id=user_id, defaults=permissions
    )
    changed = [name for name in PERMISSION_NAMES if name in permissions]
    if not created:
        changed = [name for name in changed if getattr(member, name) != permissions[name]]
        for name in changed:
            setattr(member, name, permissions[name])
        if changed:
            member.save(update_fields=[*changed, "updated_at"])
    if changed:
        flags = ", ".join(f"{name}={permissions[name]}" for name in changed)
        audit_record(
            guild=guild,
            action=Action.PERMISSION_CHANGE,
            user_id=actor,
            details=f"Permissions of {user_id} set: {flags}",
            ip_address=ip_address,
        )
    member.guild = guild
    return member


@transaction.atomic
def api_key_create(
    *,
    user_id: str,
    tier: str = ApiKey.Tier.STANDARD,
    name: str = "",
    expires_in_days: int | None = None,
    actor: str | None = None,
    ip_address: str | None = None,
) -> tuple[ApiKey, str]:
    """A new key and its full text, which is shown once and never stored."""
    new = generate_key()
    expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
    key = ApiKey.objects.create(
        user_id=user_id,
        tier=tier,
        name=name,
        prefix=new.prefix,
        secret_hash=new.secret_hash,
        expires_at=expires_at,
    )
    audit_record(
        guild=None,
        action=Action.API_KEY_CREATED,
        user_id=actor,
        details=f"API key ntk_{key.prefix}_… ({tier}) issued to {user_id}",
        ip_address=ip_address,
    )
    return key, new.key


@transaction.atomic
def api_key_revoke(
    *, key: ApiKey, actor: str | None = None, ip_address: str | None = None
) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        audit_record(
            guild=None,
            action=Action.API_KEY_REVOKED,
            user_id=actor,
            details=f"API key ntk_{key.prefix}_… of {key.user_id} revoked",
            ip_address=ip_address,
        )
    return key
