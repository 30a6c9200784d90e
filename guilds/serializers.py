from rest_framework import serializers

from guilds.models import Channel, GuildConfig, GuildMember
from noteticketing.api.fields import (
    SnowflakeField,
    StrictBooleanField,
    StrictIntegerField,
    StrictSerializer,
    is_snowflake,
)


class GuildSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    icon = serializers.URLField(source="icon_url", allow_null=True)
    member_count = serializers.IntegerField()
    bot_permissions = serializers.ListField(child=serializers.CharField())
    active = serializers.BooleanField(source="config.active")
    created_at = serializers.DateTimeField()


class ChannelSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    type = serializers.ChoiceField(choices=Channel.Type.choices)
    position = serializers.IntegerField()
    monitored = serializers.BooleanField()
    output_channel = serializers.SerializerMethodField()

    def get_output_channel(self, channel: Channel) -> bool:
        return channel.id == self.context["output_channel_id"]


def _id_or_none(value) -> str | None:
    return None if value is None else str(value)


class GuildConfigSerializer(serializers.Serializer):
    guild_id = serializers.CharField()
    active = serializers.BooleanField()
    privacy_mode_enabled = serializers.BooleanField()
    channels_to_monitor = serializers.SerializerMethodField()
    todo_channel_id = serializers.SerializerMethodField()
    sweep_output_channel_id = serializers.SerializerMethodField()
    sweep_interval_hours = serializers.IntegerField()
    last_sweep_time = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_channels_to_monitor(self, config: GuildConfig) -> list[str]:
        return [str(channel_id) for channel_id in self.context["monitored_ids"]]

    def get_todo_channel_id(self, config: GuildConfig) -> str | None:
        return _id_or_none(config.todo_channel_id)

    def get_sweep_output_channel_id(self, config: GuildConfig) -> str | None:
        return _id_or_none(config.sweep_output_channel_id)


class GuildChannelField(SnowflakeField):
    """A channel of the guild in ``context["guild"]``, by its id; anything else is not found."""

    default_error_messages = {"not_found": "Channel not found"}

    def to_internal_value(self, data) -> Channel:
        if not is_snowflake(data):
            self.fail("invalid")
        channel = self.context["channels"].get(int(data))
        if channel is None:
            self.fail("not_found")
        return channel


class GuildConfigUpdateSerializer(StrictSerializer):
    active = StrictBooleanField(required=False)
    privacy_mode_enabled = StrictBooleanField(required=False)
    channels_to_monitor = serializers.ListField(
        child=GuildChannelField(), required=False, max_length=500
    )
    todo_channel_id = GuildChannelField(required=False, allow_null=True)
    sweep_output_channel_id = GuildChannelField(required=False, allow_null=True)
    sweep_interval_hours = StrictIntegerField(required=False, min_value=1, max_value=168)


class MonitorChannelSerializer(StrictSerializer):
    channel_id = GuildChannelField()


class PermissionsSerializer(serializers.Serializer):
    user_id = serializers.CharField()
    guild_id = serializers.CharField()
    permissions = serializers.SerializerMethodField()
    roles = serializers.ListField(child=serializers.CharField())

    def get_permissions(self, member: GuildMember) -> dict[str, bool]:
        return member.effective_permissions()


class PermissionFlagsSerializer(StrictSerializer):
    can_configure_bot = StrictBooleanField(required=False)
    can_manage_action_items = StrictBooleanField(required=False)
    can_view_analytics = StrictBooleanField(required=False)
    can_trigger_sweeps = StrictBooleanField(required=False)


class PermissionsUpdateSerializer(StrictSerializer):
    permissions = PermissionFlagsSerializer()
