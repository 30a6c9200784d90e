"""Staff views of action items; every write goes through ``actionitems.services``."""

from django.contrib import admin, messages

from actionitems import services
from actionitems.models import ActionItem, Source, Status
from actionitems.totals import items_changed
from guilds.admin import adopt_row

ADD_FIELDS = ["channel", "text", "summary", "priority", "category", "assigned_to", "due_date"]
EDITABLE_FIELDS = ["text", "summary", "priority", "category", "status", "assigned_to", "due_date"]
CHANGE_FIELDS = [
    "public_id",
    "guild",
    "channel",
    *EDITABLE_FIELDS,
    "sweep",
    "source",
    "source_message_id",
    "jump_url",
    "excerpt",
    "confidence",
    "created_by",
    "created_at",
    "updated_at",
    "completed_at",
]
RECORD_FIELDS = [name for name in CHANGE_FIELDS if name not in EDITABLE_FIELDS]


def _status_action(status: Status):
    """A bulk action that moves each selected item through the status service."""

    def action(modeladmin, request, queryset):
        items = list(queryset)
        for item in items:
            services.action_item_set_status(item=item, status=status)
        modeladmin.message_user(
            request, f"Marked {len(items)} action item(s) {status.label.lower()}.", messages.SUCCESS
        )

    action.__name__ = f"mark_{status.value}"
    description = f"Mark selected as {status.label.lower()}"
    return admin.action(description=description, permissions=["change"])(action)


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = [
        "public_id",
        "short_text",
        "guild",
        "channel",
        "priority",
        "category",
        "status",
        "assigned_to",
        "due_date",
        "created_at",
    ]
    list_filter = ["status", "priority", "category", "source", "guild"]
    list_select_related = ["guild", "channel"]
    search_fields = ["text", "summary", "=public_id"]
    show_full_result_count = False
    raw_id_fields = ["channel"]
    actions = [_status_action(status) for status in Status]

    @admin.display(description="Text")
    def short_text(self, item: ActionItem) -> str:
        return item.text if len(item.text) <= 80 else f"{item.text[:79]}…"

    def get_fields(self, request, obj=None):
        return ADD_FIELDS if obj is None else CHANGE_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else RECORD_FIELDS

    def save_model(self, request, obj, form, change):
        if change:
            services.action_item_update(
                item=ActionItem.objects.get(pk=obj.pk),
                **{name: form.cleaned_data[name] for name in form.changed_data},
            )
            return
        item = services.action_item_create(
            guild=obj.channel.guild,
            source=Source.ADMIN,
            **{name: form.cleaned_data[name] for name in ADD_FIELDS},
        )
        adopt_row(obj, item)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        items_changed(obj.guild_id)

    def delete_queryset(self, request, queryset):
        guild_ids = set(queryset.values_list("guild_id", flat=True))
        super().delete_queryset(request, queryset)
        for guild_id in guild_ids:
            items_changed(guild_id)
