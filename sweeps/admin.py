"""Staff views of sweeps: a record of what ran, and the cursors staff may rewind."""

from django.contrib import admin

from sweeps.models import ChannelCursor, Sweep, SweepChannelStat


class SweepChannelStatInline(admin.TabularInline):
    model = SweepChannelStat
    fields = ["channel", "messages_processed", "action_items_found", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("channel")


@admin.register(Sweep)
class SweepAdmin(admin.ModelAdmin):
    """Read-only but deletable, so staff can clear a sweep stuck in queued or running."""

    list_display = [
        "public_id",
        "guild",
        "status",
        "trigger",
        "triggered_at",
        "duration_seconds",
        "channels_processed",
        "messages_processed",
        "action_items_found",
    ]
    list_filter = ["status", "trigger"]
    list_select_related = ["guild"]
    search_fields = ["=public_id", "=guild__id", "guild__name"]
    inlines = [SweepChannelStatInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ChannelCursor)
class ChannelCursorAdmin(admin.ModelAdmin):
    """Lowering a cursor makes the next sweep read that channel again from there."""

    list_display = ["channel", "channel_guild", "last_message_id", "updated_at"]
    list_select_related = ["channel__guild"]
    search_fields = ["=channel__id", "channel__name"]
    fields = ["channel", "last_message_id", "updated_at"]
    readonly_fields = ["channel", "updated_at"]

    @admin.display(description="Guild")
    def channel_guild(self, cursor: ChannelCursor):
        return cursor.channel.guild

    def has_add_permission(self, request) -> bool:
        return False
