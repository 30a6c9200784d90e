from rest_framework import serializers

from audit.models import AuditLog


class AuditLogSerializer(serializers.Serializer):
    id = serializers.CharField(source="public_id")
    guild_id = serializers.CharField(allow_null=True)
    action = serializers.ChoiceField(choices=AuditLog.Action.choices)
    user_id = serializers.CharField(allow_null=True)
    details = serializers.CharField()
    timestamp = serializers.DateTimeField()
    ip_address = serializers.CharField(allow_null=True)


class UserDataErasureSerializer(serializers.Serializer):
    user_id = serializers.CharField()
    guild_id = serializers.CharField()
    action_items_unassigned = serializers.IntegerField()
    excerpts_removed = serializers.IntegerField()
    membership_removed = serializers.BooleanField()
