"""Staff views of guilds, channels, members and API keys.

Guilds, channels and member roles mirror Discord, so they are read-only here; what
staff may change goes through ``guilds.services`` like every other write path.
"""

from django import forms
from django.contrib import admin, messages
from django.db import models

from guilds import services
from guilds.models import PERMISSION_NAMES, ApiKey, Channel, Guild, GuildConfig, GuildMember

CONFIG_SERVICE_FIELDS = [
    "active",
    "privacy_mode_enabled",
    "sweep_interval_hours",
    "todo_channel",
    "sweep_output_channel",
]


def adopt_row(obj: models.Model, row: models.Model) -> None:
    """Make the admin's unsaved instance stand for the row a service created."""
    for field in row._meta.concrete_fields:
        setattr(obj, field.attname, getattr(row, field.attname))
    obj._state.adding = False


class GuildConfigInline(admin.StackedInline):
    model = GuildConfig
    can_delete = False
    fields = [*CONFIG_SERVICE_FIELDS, "reaction_emoji", "last_sweep_time", "next_sweep_at"]
    readonly_fields = ["reaction_emoji", "last_sweep_time", "next_sweep_at"]

    def get_formset(self, request, obj=None, **kwargs):
        """Offer only the guild's own channels as to-do and digest channels."""
        formset = super().get_formset(request, obj, **kwargs)
        channels = Channel.objects.filter(guild=obj, deleted_at__isnull=True)
        for name in ("todo_channel", "sweep_output_channel"):
            formset.form.base_fields[name].queryset = channels
        return formset


@admin.register(Guild)
class GuildAdmin(admin.ModelAdmin):
    list_display = ["name", "id", "owner_id", "member_count", "created_at", "left_at"]
    list_filter = [("left_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "=id"]
    readonly_fields = [
        "id",
        "name",
        "icon_hash",
        "owner_id",
        "member_count",
        "bot_permissions",
        "created_at",
        "left_at",
    ]
    inlines = [GuildConfigInline]

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        """Nothing of the guild itself is editable; saving it could undo a Discord sync."""

    def save_formset(self, request, form, formset, change):
        """Config changes go through the service, which purges excerpts on privacy mode."""
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for config_form in formset.forms:
            if config_form.has_changed():
                config = services.guild_config_update(
                    config=services.guild_config_for(form.instance),
                    **{name: config_form.cleaned_data[name] for name in config_form.changed_data},
                )
                formset.changed_objects.append((config, config_form.changed_data))


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "id", "guild", "type", "position", "monitored", "deleted_at"]
    list_filter = ["type", "monitored"]
    list_select_related = ["guild"]
    search_fields = ["name", "=id", "guild__name"]
    fields = ["id", "guild", "name", "type", "position", "monitored", "deleted_at"]
    readonly_fields = ["id", "guild", "name", "type", "position", "deleted_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        services.channel_set_monitored(
            config=services.guild_config_for(obj.guild),
            channel=Channel.objects.get(pk=obj.pk),
            monitored=obj.monitored,
        )


@admin.register(GuildMember)
class GuildMemberAdmin(admin.ModelAdmin):
    list_display = ["user_id", "guild", "display_name", "is_admin", *PERMISSION_NAMES]
    list_editable = PERMISSION_NAMES
    list_filter = [*PERMISSION_NAMES, "is_admin"]
    list_select_related = ["guild"]
    search_fields = ["user_id", "display_name", "guild__name"]
    autocomplete_fields = ["guild"]
    fields = [
        "guild",
        "user_id",
        "display_name",
        "roles",
        "is_admin",
        *PERMISSION_NAMES,
        "joined_at",
        "updated_at",
    ]
    discord_fields = ["display_name", "roles", "is_admin", "joined_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        return self.discord_fields if obj is None else ["guild", "user_id", *self.discord_fields]

    def save_model(self, request, obj, form, change):
        member = services.member_set_permissions(
            guild=obj.guild,
            user_id=obj.user_id,
            permissions={name: getattr(obj, name) for name in PERMISSION_NAMES},
        )
        adopt_row(obj, member)


class ApiKeyCreateForm(forms.ModelForm):
    expires_in_days = forms.IntegerField(
        min_value=1, required=False, help_text="Leave empty for a key that never expires."
    )

    class Meta:
        model = ApiKey
        fields = ["user_id", "name", "tier"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are issued and revoked by the services; the secret is shown once, on issue."""

    list_display = [
        "key_hint",
        "name",
        "user_id",
        "tier",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["tier", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["=user_id", "name", "=prefix"]
    actions = ["revoke_selected"]
    add_fields = ["user_id", "name", "tier", "expires_in_days"]
    fields = [
        "key_hint",
        "user_id",
        "name",
        "tier",
        "prefix",
        "secret_hash",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    readonly_fields = [
        "key_hint",
        "user_id",
        "prefix",
        "secret_hash",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]

    @admin.display(description="Key")
    def key_hint(self, key: ApiKey) -> str:
        return f"ntk_{key.prefix}_…"

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiKeyCreateForm
        return super().get_form(request, obj, **kwargs)

    def has_delete_permission(self, request, obj=None) -> bool:
        """Keys are revoked, not deleted, so the record of who held a prefix stays."""
        return False

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key, full_key = services.api_key_create(
            user_id=obj.user_id,
            tier=obj.tier,
            name=obj.name,
            expires_in_days=form.cleaned_data["expires_in_days"],
        )
        adopt_row(obj, key)
        messages.warning(
            request,
            f"New API key for {key.user_id}. Copy it now; it will not be shown again: {full_key}",
        )

    @admin.action(description="Revoke selected keys", permissions=["change"])
    def revoke_selected(self, request, queryset):
        keys = list(queryset.filter(revoked_at__isnull=True))
        for key in keys:
            services.api_key_revoke(key=key)
        self.message_user(request, f"Revoked {len(keys)} API key(s).", messages.SUCCESS)
