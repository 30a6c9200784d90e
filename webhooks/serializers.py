from rest_framework import serializers

from noteticketing.api.fields import (
    ChoiceLabelField,
    StrictBooleanField,
    StrictCharField,
    StrictSerializer,
)
from webhooks.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint


class _EventsField(serializers.ListField):
    def __init__(self, **kwargs):
        super().__init__(
            child=ChoiceLabelField(choices=Event.choices),
            allow_empty=False,
            max_length=len(Event.choices),
            **kwargs,
        )

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        events = super().to_internal_value(data)
        if len(set(events)) != len(events):
            raise serializers.ValidationError("Must not name an event twice.")
        return events


class WebhookCreateSerializer(StrictSerializer):
    url = StrictCharField(max_length=2000)
    events = _EventsField()


class WebhookUpdateSerializer(StrictSerializer):
    url = StrictCharField(max_length=2000, required=False)
    events = _EventsField(required=False)
    active = StrictBooleanField(required=False)


class WebhookSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id")
    events = serializers.ListField(child=serializers.ChoiceField(choices=Event.choices))
    disabled_at = serializers.DateTimeField(allow_null=True)
    failing_since = serializers.DateTimeField(allow_null=True)

    class Meta:
        model = WebhookEndpoint
        fields = [
            "id",
            "url",
            "events",
            "active",
            "disabled_reason",
            "disabled_at",
            "failing_since",
            "created_at",
            "updated_at",
        ]


class WebhookWithSecretSerializer(WebhookSerializer):
    """Only the answers to creation and rotation carry the secret."""

    secret = serializers.SerializerMethodField()

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]

    def get_secret(self, endpoint) -> str:
        return self.context["secret"]


class AttemptSerializer(serializers.ModelSerializer):
    response_status = serializers.IntegerField(allow_null=True)

    class Meta:
        model = WebhookAttempt
        fields = [
            "created_at",
            "succeeded",
            "response_status",
            "duration_ms",
            "response_excerpt",
            "error",
        ]


class DeliverySerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id")
    next_attempt_at = serializers.DateTimeField(allow_null=True)
    last_attempt_at = serializers.DateTimeField(allow_null=True)
    payload = serializers.DictField()
    attempts = AttemptSerializer(many=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event_id",
            "event",
            "status",
            "attempt_count",
            "next_attempt_at",
            "last_attempt_at",
            "created_at",
            "payload",
            "attempts",
        ]
