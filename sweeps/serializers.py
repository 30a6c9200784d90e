from rest_framework import serializers

from guilds.serializers import GuildChannelField
from noteticketing.api.fields import StrictBooleanField, StrictSerializer
from sweeps.models import Sweep


class SweepStatusSerializer(serializers.Serializer):
    guild_id = serializers.CharField()
    active = serializers.BooleanField()
    interval_hours = serializers.IntegerField()
    last_sweep_time = serializers.DateTimeField(allow_null=True)
    next_sweep_time = serializers.DateTimeField(allow_null=True)
    output_channel_id = serializers.CharField(allow_null=True)
    monitored_channels = serializers.IntegerField()
    total_action_items = serializers.IntegerField()


class SweepSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id")
    guild_id = serializers.CharField()
    duration_seconds = serializers.IntegerField(allow_null=True)
    channel_ids = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Sweep
        fields = [
            "id",
            "guild_id",
            "triggered_at",
            "channels_processed",
            "messages_processed",
            "action_items_found",
            "status",
            "duration_seconds",
            "trigger",
            "channel_ids",
            "force",
            "error",
        ]


class SweepTriggerSerializer(StrictSerializer):
    channel_ids = serializers.ListField(
        child=GuildChannelField(), required=False, allow_empty=False, max_length=500
    )
    force = StrictBooleanField(required=False, default=False)
