from rest_framework import serializers

from actionitems.models import ActionItem, Category, Priority, Status
from guilds.serializers import GuildChannelField
from noteticketing.api.fields import (
    ChoiceLabelField,
    StrictCharField,
    StrictSerializer,
    UserIdField,
)

PRIORITY_LABELS = [member.label for member in Priority]


class ActionItemSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id")
    guild_id = serializers.CharField()
    channel_id = serializers.CharField()
    channel_name = serializers.CharField(source="channel.name")
    priority = serializers.ChoiceField(choices=PRIORITY_LABELS, source="priority_label")
    assigned_to = serializers.CharField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    jump_url = serializers.CharField(allow_blank=True)
    completed_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "guild_id",
            "channel_id",
            "channel_name",
            "summary",
            "text",
            "priority",
            "category",
            "status",
            "assigned_to",
            "due_date",
            "jump_url",
            "created_at",
            "updated_at",
            "completed_at",
        ]


class _ItemFieldsSerializer(StrictSerializer):
    summary = StrictCharField(max_length=200, allow_blank=True, required=False)
    priority = ChoiceLabelField(choices=PRIORITY_LABELS, required=False)
    category = ChoiceLabelField(choices=Category.choices, required=False)
    assigned_to = UserIdField(required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)

    def validate_priority(self, value: str) -> int:
        return Priority.from_label(value)


class ActionItemCreateSerializer(_ItemFieldsSerializer):
    channel_id = GuildChannelField()
    text = StrictCharField(max_length=500, trim_whitespace=True)


class ActionItemUpdateSerializer(_ItemFieldsSerializer):
    text = StrictCharField(max_length=500, trim_whitespace=True, required=False)
    status = ChoiceLabelField(choices=Status.choices, required=False)


class ActionItemStatusSerializer(StrictSerializer):
    status = ChoiceLabelField(choices=Status.choices)


def _counts(name: str, keys) -> serializers.Serializer:
    fields = {key: serializers.IntegerField() for key in keys}
    return type(name, (serializers.Serializer,), fields)()


class _AnalyticsSummarySerializer(serializers.Serializer):
    total_messages_processed = serializers.IntegerField()
    total_action_items = serializers.IntegerField()
    sweeps_executed = serializers.IntegerField()
    channels_monitored = serializers.IntegerField()


class _AnalyticsTrendsSerializer(serializers.Serializer):
    action_items_per_day = serializers.ListField(child=serializers.IntegerField())
    messages_processed_per_day = serializers.ListField(child=serializers.IntegerField())


class _TopChannelSerializer(serializers.Serializer):
    channel_id = serializers.CharField()
    channel_name = serializers.CharField()
    action_items = serializers.IntegerField()
    messages_processed = serializers.IntegerField()


class AnalyticsSerializer(serializers.Serializer):
    """Schema of ``GET .../analytics``; the selector builds the body."""

    guild_id = serializers.CharField()
    period = serializers.CharField()
    summary = _AnalyticsSummarySerializer()
    trends = _AnalyticsTrendsSerializer()
    top_channels = _TopChannelSerializer(many=True)


class ActionItemAnalyticsSerializer(serializers.Serializer):
    guild_id = serializers.CharField()
    period = serializers.CharField()
    by_priority = _counts("ByPrioritySerializer", PRIORITY_LABELS)
    by_category = _counts("ByCategorySerializer", Category.values)
    by_status = _counts("ByStatusSerializer", Status.values)
    completion_rate = serializers.FloatField()


class GuildStatsSerializer(serializers.Serializer):
    guild_id = serializers.CharField()
    period = serializers.CharField()
    action_items_created = serializers.IntegerField()
    action_items_completed = serializers.IntegerField()
    action_items_open = serializers.IntegerField()
    messages_processed = serializers.IntegerField()
    sweeps_run = serializers.IntegerField()
    sweeps_failed = serializers.IntegerField()
    median_completion_seconds = serializers.FloatField(allow_null=True)
