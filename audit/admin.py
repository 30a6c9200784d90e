"""The audit log in the admin: append-only, so nobody may add, change or delete an entry."""

from django.contrib import admin

from audit.models import AuditLog


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["public_id", "timestamp", "action", "guild", "user_id", "ip_address"]
    list_filter = ["action"]
    list_select_related = ["guild"]
    search_fields = ["=public_id", "=user_id", "=guild__id"]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
