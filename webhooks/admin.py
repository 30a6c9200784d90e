"""Staff views of webhook endpoints and deliveries; read-only, and secrets never shown."""

from django.contrib import admin

from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


class ReadOnlyAdminMixin:
    """Endpoints are registered and deliveries made by the webhook services alone."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Deletable, so staff can stop deliveries to an endpoint for good."""

    list_display = ["public_id", "guild", "url", "active", "failing_since", "disabled_at"]
    list_filter = ["active"]
    list_select_related = ["guild"]
    search_fields = ["=public_id", "url", "=guild__id"]
    fields = [
        "public_id",
        "guild",
        "url",
        "events",
        "active",
        "disabled_reason",
        "disabled_at",
        "failing_since",
        "created_at",
        "updated_at",
    ]


class WebhookAttemptInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = WebhookAttempt
    fields = [
        "created_at",
        "succeeded",
        "response_status",
        "duration_ms",
        "error",
        "response_excerpt",
    ]
    extra = 0
    can_delete = False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "public_id",
        "event",
        "endpoint",
        "status",
        "attempt_count",
        "last_attempt_at",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["status", "event"]
    list_select_related = ["endpoint"]
    search_fields = ["=public_id", "=event_id", "=endpoint__public_id"]
    inlines = [WebhookAttemptInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
