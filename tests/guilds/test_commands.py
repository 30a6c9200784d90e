"""The guild management commands, as an operator runs them: arguments in, lines out."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from actionitems.models import ActionItem
from guilds.models import PERMISSION_NAMES, ApiKey, Channel, Guild, GuildConfig, GuildMember
from noteticketing.api.keys import hash_secret, parse_key

pytestmark = pytest.mark.django_db


def run(command: str, *args: str) -> list[str]:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue().splitlines()


def api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


# create_api_key


def test_create_api_key_prints_the_key_alone_on_the_last_line():
    lines = run("create_api_key", "--user-id", "user123", "--tier", "premium", "--name", "ci")

    key = lines[-1]
    parsed = parse_key(key)
    assert parsed is not None
    stored = ApiKey.objects.get()
    assert (stored.user_id, stored.tier, stored.name) == ("user123", "premium", "ci")
    assert stored.prefix == parsed.prefix
    assert stored.secret_hash == hash_secret(parsed.secret)
    assert f"ntk_{stored.prefix}_" in lines[-2]
    assert key not in lines[-2]
    assert "premium" in lines[-2]
    assert "user123" in lines[-2]


def test_create_api_key_sets_the_expiry_in_days():
    run("create_api_key", "--user-id", "user123", "--tier", "standard", "--expires-days", "30")

    expires_in = ApiKey.objects.get().expires_at - timezone.now()
    assert timedelta(days=29, hours=23) < expires_in <= timedelta(days=30)


def test_created_key_authenticates_against_the_api(guild, owner, settings):
    key = run("create_api_key", "--user-id", owner.user_id, "--tier", "enterprise")[-1]

    response = api(key).get("/v1/guilds")

    assert response.status_code == 200
    assert response["X-RateLimit-Limit"] == str(settings.RATELIMIT_TIERS["enterprise"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user-id", "user123", "--tier", "gold"], "--tier 'gold'"),
        (["--user-id", "not a user", "--tier", "standard"], "--user-id 'not a user'"),
        (["--user-id", "user123", "--tier", "standard", "--expires-days", "0"], "--expires-days"),
        (["--user-id", "user123", "--tier", "standard", "--expires-days", "-3"], "positive"),
        (["--user-id", "user123", "--tier", "standard", "--name", "x" * 101], "--name"),
    ],
)
def test_create_api_key_refuses_bad_arguments(args, message):
    with pytest.raises(CommandError, match=message):
        run("create_api_key", *args)

    assert not ApiKey.objects.exists()


# seed_demo


def counts() -> dict[str, int]:
    return {
        "guilds": Guild.objects.count(),
        "channels": Channel.objects.count(),
        "configs": GuildConfig.objects.count(),
        "members": GuildMember.objects.count(),
        "items": ActionItem.objects.count(),
        "usable keys": ApiKey.objects.filter(revoked_at__isnull=True).count(),
    }


def test_seed_demo_builds_a_configured_guild_with_a_powerful_member():
    run("seed_demo")

    guild = Guild.objects.get(id=123456789)
    assert guild.name == "My Discord Server"
    assert guild.owner_id == "user123"
    names = set(guild.channels.values_list("name", flat=True))
    assert {"general", "dev-chat", "announcements", "action-items"} <= names
    assert guild.channels.filter(monitored=True).count() == 2
    assert guild.config.sweep_output_channel_id == 777888999
    assert guild.config.todo_channel_id is not None
    member = GuildMember.objects.get(guild=guild, user_id="user123")
    assert member.roles == ["admin"]
    assert all(getattr(member, name) for name in PERMISSION_NAMES)


def test_seed_demo_items_are_varied():
    run("seed_demo")

    items = ActionItem.objects.filter(guild_id=123456789)
    assert items.count() >= 12
    assert {1, 2, 3} == set(items.values_list("priority", flat=True))
    assert len(set(items.values_list("category", flat=True))) >= 3
    assert len(set(items.values_list("status", flat=True))) >= 3
    assert items.exclude(assigned_to=None).exists()
    assert items.filter(assigned_to=None).exists()
    assert items.exclude(due_date=None).exists()
    assert items.filter(text="Send the Q3 release notes to marketing").exists()


def test_seed_demo_twice_changes_nothing_but_the_key():
    first_key = run("seed_demo")[-1]
    before = counts()
    statuses = dict(ActionItem.objects.values_list("public_id", "status"))

    second_key = run("seed_demo")[-1]

    assert counts() == before
    assert dict(ActionItem.objects.values_list("public_id", "status")) == statuses
    assert second_key != first_key
    assert api(first_key).get("/v1/guilds").status_code == 401


def test_seed_demo_key_lists_the_items_through_the_api():
    run("seed_demo")
    key = run("seed_demo")[-1]

    response = api(key).get("/v1/guilds/123456789/action-items")

    assert response.status_code == 200
    assert len(response.json()["action_items"]) >= 12


def test_seed_demo_json_is_the_last_line_with_string_ids():
    lines = run(
        "seed_demo", "--json", "--guild-id", "42", "--guild-name", "Team", "--user-id", "alice"
    )

    body = json.loads(lines[-1])
    assert set(body) == {"api_key", "guild_id", "user_id", "channel_ids"}
    assert body["guild_id"] == "42"
    assert body["user_id"] == "alice"
    assert "987654321" in body["channel_ids"]
    assert len(body["channel_ids"]) >= 3
    response = api(body["api_key"]).get(f"/v1/guilds/{body['guild_id']}/action-items")
    assert response.status_code == 200
    assert response.json()["total"] >= 12


def test_seed_demo_leaves_a_changed_config_and_item_alone():
    run("seed_demo")
    GuildConfig.objects.update(sweep_interval_hours=12)
    item = ActionItem.objects.get(text="Send the Q3 release notes to marketing")
    ActionItem.objects.filter(pk=item.pk).update(status="completed")

    lines = run("seed_demo")

    assert GuildConfig.objects.get().sweep_interval_hours == 12
    assert ActionItem.objects.get(pk=item.pk).status == "completed"
    assert "Action items: 0 created, 12 already there" in lines


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--guild-id", "abc"], "--guild-id"),
        (["--guild-id", "99999999999999999999"], "--guild-id"),
        (["--user-id", "bad user"], "--user-id"),
        (["--tier", "platinum"], "--tier"),
    ],
)
def test_seed_demo_refuses_bad_arguments(args, message):
    with pytest.raises(CommandError, match=message):
        run("seed_demo", *args)

    assert not Guild.objects.exists()


def test_seed_demo_refuses_channels_taken_by_another_guild():
    run("seed_demo")

    with pytest.raises(CommandError, match="already belongs to guild 123456789"):
        run("seed_demo", "--guild-id", "555")

    assert not Guild.objects.filter(id=555).exists()


# ensure_admin


@pytest.fixture
def var_dir(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    settings.VAR_DIR = tmp_path
    return tmp_path


def can_log_in(username: str, password: str) -> bool:
    return Client().login(username=username, password=password)


def test_ensure_admin_creates_a_superuser_with_a_stored_password(var_dir):
    credentials = json.loads(run("ensure_admin")[-1])

    assert credentials["username"] == "admin"
    assert (var_dir / "admin-password").read_text().strip() == credentials["password"]
    assert can_log_in("admin", credentials["password"])
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser
    assert user.is_staff


def test_ensure_admin_reuses_the_stored_password(var_dir):
    first = json.loads(run("ensure_admin")[-1])

    lines = run("ensure_admin")

    assert json.loads(lines[-1]) == first
    assert "unchanged" in lines[0]
    assert get_user_model().objects.count() == 1


def test_ensure_admin_resets_a_changed_password_and_lost_flags(var_dir):
    first = json.loads(run("ensure_admin", "--username", "ops")[-1])
    user = get_user_model().objects.get(username="ops")
    user.set_password("something-else")
    user.is_staff = False
    user.save()

    run("ensure_admin", "--username", "ops")

    assert can_log_in("ops", first["password"])
    assert get_user_model().objects.get(username="ops").is_staff


def test_ensure_admin_takes_the_password_from_the_environment(var_dir, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "correct-horse-battery")

    credentials = json.loads(run("ensure_admin")[-1])

    assert credentials["password"] == "correct-horse-battery"
    assert can_log_in("admin", "correct-horse-battery")
    assert not (var_dir / "admin-password").exists()


def test_ensure_admin_refuses_a_weak_environment_password(var_dir, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "short")

    with pytest.raises(CommandError, match="too short"):
        run("ensure_admin")

    assert not get_user_model().objects.exists()
