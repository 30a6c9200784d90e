"""The Django admin as staff use it: pages that open, and writes that go through services."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionitems.models import ActionItem, Source, Status
from audit.models import AuditLog
from guilds.models import ApiKey, Channel, GuildConfig, GuildMember
from noteticketing.api.keys import hash_secret, parse_key
from sweeps.models import ChannelCursor, Sweep, SweepChannelStat
from tests.factories import (
    ActionItemFactory,
    ChannelFactory,
    GuildFactory,
    MemberFactory,
    api_key_for,
)
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

REGISTERED = sorted(model._meta.label_lower for model in admin.site._registry)
WEBHOOK_SECRET = "whsec_do-not-show-this-anywhere"


def url(model, view: str = "changelist", *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def run_action(client, model, action: str, objects) -> object:
    data = {"action": action, "_selected_action": [obj.pk for obj in objects]}
    return client.post(url(model), data, follow=True)


@pytest.fixture
def everything(guild, channels, manager):
    """One row of every model the admin shows."""
    item = ActionItemFactory(channel=channels[0], excerpt="raw words from chat")
    sweep = Sweep.objects.create(guild=guild, status=Sweep.Status.COMPLETED)
    SweepChannelStat.objects.create(
        sweep=sweep, guild=guild, channel=channels[0], messages_processed=40
    )
    ChannelCursor.objects.create(channel=channels[0], last_message_id=1234)
    AuditLog.objects.create(guild=guild, action="data_access", user_id="manager01", details="read")
    endpoint = WebhookEndpoint.objects.create(
        guild=guild, url="https://hooks.example.com/in", events=["ping"], secret=WEBHOOK_SECRET
    )
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event="ping", payload={})
    WebhookAttempt.objects.create(delivery=delivery, response_status=502, error="Bad gateway")
    Group.objects.create(name="support")
    return {"item": item, "sweep": sweep, "endpoint": endpoint, "delivery": delivery}


@pytest.mark.parametrize("label", REGISTERED)
def test_every_changelist_and_change_page_opens(admin_client, everything, label):
    model = next(model for model in admin.site._registry if model._meta.label_lower == label)

    assert admin_client.get(url(model)).status_code == 200
    assert admin_client.get(url(model), {"q": "general"}).status_code == 200
    obj = model.objects.first()
    assert admin_client.get(url(model, "change", obj.pk)).status_code == 200


def test_admin_needs_a_staff_login(client, everything):
    response = client.get(url(ActionItem))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_action_item_changelist_filters_and_searches(admin_client, everything):
    item = everything["item"]

    def listed(**query) -> list[ActionItem]:
        return list(admin_client.get(url(ActionItem), query).context["cl"].result_list)

    assert listed(q=item.text) == [item]
    assert listed(q=item.public_id) == [item]
    assert listed(status__exact="pending", priority__exact=2, source__exact="api") == [item]
    assert listed(q="nothing like it") == []
    assert listed(status__exact="completed") == []


# API keys


def test_adding_an_api_key_shows_it_once_and_stores_only_its_hash(admin_client, db):
    data = {"user_id": "user777", "name": "ci", "tier": "premium", "expires_in_days": "7"}

    response = admin_client.post(url(ApiKey, "add"), {**data, "_save": "Save"}, follow=True)

    assert response.status_code == 200
    key = ApiKey.objects.get()
    (announcement,) = [text for text in shown_messages(response) if "not be shown again" in text]
    full_key = announcement.split()[-1]
    assert sum(full_key in text for text in shown_messages(response)) == 1
    parsed = parse_key(full_key)
    assert parsed.prefix == key.prefix
    assert key.secret_hash == hash_secret(parsed.secret)
    assert (key.user_id, key.name, key.tier) == ("user777", "ci", "premium")
    assert key.expires_at is not None
    assert full_key not in admin_client.get(url(ApiKey)).content.decode()
    assert full_key not in admin_client.get(url(ApiKey, "change", key.pk)).content.decode()


def test_the_add_form_asks_only_who_what_and_how_long(admin_client, db):
    form = admin_client.get(url(ApiKey, "add")).context["adminform"].form

    assert list(form.fields) == ["user_id", "name", "tier", "expires_in_days"]


def test_a_key_cannot_be_edited_into_another_secret(admin_client, db):
    api_key_for("user777")
    key = ApiKey.objects.get()
    data = {"name": "renamed", "tier": "premium", "prefix": "aaaaaaaa", "secret_hash": "0" * 64}

    admin_client.post(url(ApiKey, "change", key.pk), {**data, "_save": "Save"})

    key.refresh_from_db()
    assert key.name == "renamed"
    assert key.prefix != "aaaaaaaa"
    assert key.secret_hash != "0" * 64


def test_revoking_keys_from_the_changelist(admin_client, anonymous, db):
    full_keys = [api_key_for("user777"), api_key_for("user888")]
    keep = api_key_for("user999")
    anonymous.credentials(HTTP_AUTHORIZATION=f"Bearer {full_keys[0]}")

    response = run_action(
        admin_client, ApiKey, "revoke_selected", ApiKey.objects.exclude(user_id="user999")
    )

    assert "Revoked 2 API key(s)." in shown_messages(response)
    assert ApiKey.objects.filter(revoked_at__isnull=False).count() == 2
    assert ApiKey.objects.get(prefix=parse_key(keep).prefix).revoked_at is None
    assert anonymous.get("/v1/guilds").status_code == 401


def test_api_keys_cannot_be_deleted(admin_client, db):
    api_key_for("user777")

    response = admin_client.get(url(ApiKey, "delete", ApiKey.objects.get().pk))

    assert response.status_code == 403


# Action items


@pytest.mark.parametrize("status", list(Status))
def test_bulk_status_actions(admin_client, channels, status):
    items = [ActionItemFactory(channel=channels[0], status=Status.IN_PROGRESS) for _ in range(3)]
    untouched = ActionItemFactory(channel=channels[0], status=Status.IN_PROGRESS)

    response = run_action(admin_client, ActionItem, f"mark_{status.value}", items)

    assert f"Marked 3 action item(s) {status.label.lower()}." in shown_messages(response)
    for item in items:
        item.refresh_from_db()
        assert item.status == status
        assert (item.completed_at is not None) == (status == Status.COMPLETED)
    untouched.refresh_from_db()
    assert untouched.status == Status.IN_PROGRESS


def test_item_changelist_queries_do_not_grow_with_rows(admin_client, channels):
    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url(ActionItem)).status_code == 200
        return len(queries)

    ActionItemFactory.create_batch(2, channel=channels[0])
    few = queries_for_list()
    for channel in channels:
        ActionItemFactory.create_batch(10, channel=channel)

    assert queries_for_list() == few


def test_editing_an_item_goes_through_the_service(admin_client, channels):
    item = ActionItemFactory(channel=channels[0])
    data = {
        "text": "Ship the release notes",
        "summary": "Release",
        "priority": "3",
        "category": "project",
        "status": "completed",
        "assigned_to": "user456",
        "due_date": "2030-01-31",
        "_save": "Save",
    }

    response = admin_client.post(url(ActionItem, "change", item.pk), data)

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.text, item.priority, item.status) == ("Ship the release notes", 3, "completed")
    assert item.completed_at is not None
    assert item.updated_at > item.created_at


def test_adding_an_item_in_the_admin(admin_client, guild, channels):
    data = {
        "channel": channels[1].pk,
        "text": "Order more coffee",
        "summary": "",
        "priority": "1",
        "category": "general",
        "assigned_to": "",
        "due_date": "",
        "_save": "Save",
    }

    response = admin_client.post(url(ActionItem, "add"), data)

    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert (item.guild, item.channel, item.source) == (guild, channels[1], Source.ADMIN)
    assert item.assigned_to is None
    assert len(item.fingerprint) == 64


# Guilds, channels and members


def test_turning_privacy_on_in_the_guild_page_purges_excerpts(admin_client, guild, channels):
    item = ActionItemFactory(channel=channels[0], excerpt="raw words from chat")
    data = {
        "config-TOTAL_FORMS": "1",
        "config-INITIAL_FORMS": "1",
        "config-MIN_NUM_FORMS": "0",
        "config-MAX_NUM_FORMS": "1",
        "config-0-guild": guild.pk,
        "config-0-active": "on",
        "config-0-privacy_mode_enabled": "on",
        "config-0-sweep_interval_hours": "12",
        "config-0-todo_channel": channels[2].pk,
        "config-0-sweep_output_channel": channels[2].pk,
        "_save": "Save",
    }

    response = admin_client.post(url(type(guild), "change", guild.pk), data)

    assert response.status_code == 302
    config = GuildConfig.objects.get(guild=guild)
    assert config.privacy_mode_enabled
    assert config.sweep_interval_hours == 12
    assert config.sweep_output_channel == channels[2]
    item.refresh_from_db()
    assert item.excerpt == ""


def test_config_channels_must_belong_to_the_guild(admin_client, guild, channels):
    foreign = ChannelFactory(guild=GuildFactory())
    data = {
        "config-TOTAL_FORMS": "1",
        "config-INITIAL_FORMS": "1",
        "config-MIN_NUM_FORMS": "0",
        "config-MAX_NUM_FORMS": "1",
        "config-0-guild": guild.pk,
        "config-0-active": "on",
        "config-0-sweep_interval_hours": "6",
        "config-0-sweep_output_channel": foreign.pk,
        "_save": "Save",
    }

    response = admin_client.post(url(type(guild), "change", guild.pk), data)

    assert response.status_code == 200
    assert GuildConfig.objects.get(guild=guild).sweep_output_channel is None


def test_toggling_a_channel_monitored(admin_client, channels):
    response = admin_client.post(
        url(Channel, "change", channels[0].pk), {"monitored": "on", "_save": "Save"}
    )

    assert response.status_code == 302
    channels[0].refresh_from_db()
    assert channels[0].monitored


def test_editing_member_permissions(admin_client, guild):
    member = MemberFactory(guild=guild, user_id="member002", roles=["member"])
    data = {"can_view_analytics": "on", "can_trigger_sweeps": "on", "_save": "Save"}

    response = admin_client.post(url(GuildMember, "change", member.pk), data)

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.effective_permissions() == {
        "can_configure_bot": False,
        "can_manage_action_items": False,
        "can_view_analytics": True,
        "can_trigger_sweeps": True,
    }
    assert member.roles == ["member"]


def test_permissions_are_editable_in_the_member_list(admin_client, guild, member):
    row = GuildMember.objects.get(user_id="member001")
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": row.pk,
        "form-0-can_manage_action_items": "on",
        "_save": "Save",
    }

    response = admin_client.post(url(GuildMember), data)

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.can_manage_action_items
    assert not row.can_configure_bot


def test_member_changelist_filters_on_permissions(admin_client, guild, manager, member):
    response = admin_client.get(url(GuildMember), {"can_trigger_sweeps__exact": "1"})

    assert [row.user_id for row in response.context["cl"].result_list] == ["manager01"]


# Audit, sweeps, webhooks


def test_audit_log_is_read_only_even_for_superusers(admin_client, everything):
    entry = AuditLog.objects.get(details="read")

    add = admin_client.get(url(AuditLog, "add"))
    change = admin_client.post(
        url(AuditLog, "change", entry.pk), {"action": "data_deletion", "details": "forged"}
    )
    delete = admin_client.post(url(AuditLog, "delete", entry.pk), {"post": "yes"})
    changelist = admin_client.get(url(AuditLog))

    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    assert "delete_selected" not in changelist.content.decode()
    entry.refresh_from_db()
    assert (entry.action, entry.details) == ("data_access", "read")


def test_sweeps_are_viewed_not_added_or_changed(admin_client, everything):
    sweep = everything["sweep"]

    page = admin_client.get(url(Sweep, "change", sweep.pk))

    assert "#general" in page.content.decode()
    assert admin_client.get(url(Sweep, "add")).status_code == 403
    response = admin_client.post(url(Sweep, "change", sweep.pk), {"status": "queued"})
    assert response.status_code == 403


def test_webhook_secret_is_never_displayed(admin_client, everything):
    endpoint = everything["endpoint"]

    pages = [
        admin_client.get(url(WebhookEndpoint)),
        admin_client.get(url(WebhookEndpoint, "change", endpoint.pk)),
        admin_client.get(url(WebhookDelivery, "change", everything["delivery"].pk)),
    ]

    assert all(page.status_code == 200 for page in pages)
    assert not any(WEBHOOK_SECRET in page.content.decode() for page in pages)


def test_deliveries_show_their_attempts_read_only(admin_client, everything):
    delivery = everything["delivery"]

    page = admin_client.get(url(WebhookDelivery, "change", delivery.pk))

    assert "Bad gateway" in page.content.decode()
    assert admin_client.get(url(WebhookDelivery, "add")).status_code == 403
    assert admin_client.get(url(WebhookDelivery, "delete", delivery.pk)).status_code == 403


def test_staff_who_may_only_view_items_cannot_change_their_status(client, channels):
    viewer = get_user_model().objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_actionitem"))
    client.force_login(viewer)
    item = ActionItemFactory(channel=channels[0])

    run_action(client, ActionItem, "mark_completed", [item])

    assert "mark_completed" not in client.get(url(ActionItem)).content.decode()
    item.refresh_from_db()
    assert item.status == Status.PENDING
