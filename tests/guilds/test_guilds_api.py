from guilds.models import Channel, GuildMember
from tests.factories import ActionItemFactory, ChannelFactory, GuildFactory

GUILD_FIELDS = {"id", "name", "icon", "member_count", "bot_permissions", "active", "created_at"}


def test_list_shows_only_the_users_guilds(owner, guild, outsider):
    response = owner.client.get("/v1/guilds")

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    listed = body["guilds"][0]
    assert set(listed) == GUILD_FIELDS
    assert listed == {
        "id": str(guild.id),
        "name": "My Discord Server",
        "icon": f"https://cdn.discordapp.com/icons/{guild.id}/abc123.png",
        "member_count": 150,
        "bot_permissions": ["SendMessages", "ReadMessageHistory"],
        "active": True,
        "created_at": guild.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def test_a_guild_the_bot_left_is_not_listed(owner, guild):
    GuildFactory(left_at=guild.created_at)
    guild.left_at = guild.created_at
    guild.save()

    assert owner.client.get("/v1/guilds").json() == {"guilds": [], "total": 0}


def test_detail_has_the_same_fields(owner, guild):
    response = owner.client.get(f"/v1/guilds/{guild.id}")

    assert response.status_code == 200
    assert set(response.json()) == GUILD_FIELDS
    assert response.json()["icon"].endswith("/abc123.png")


def test_detail_of_a_guild_without_icon_gives_null(owner, guild):
    guild.icon_hash = ""
    guild.save()

    assert owner.client.get(f"/v1/guilds/{guild.id}").json()["icon"] is None


def test_guild_id_beyond_64_bits_cannot_exist(owner):
    assert owner.client.get("/v1/guilds/9223372036854775808").status_code == 404


def test_guild_id_that_is_not_a_snowflake_is_a_400(owner):
    for bad in ["abc", "1" * 20, "0", "0123", "-5", "1.5"]:
        response = owner.client.get(f"/v1/guilds/{bad}")

        assert response.status_code == 400, bad
        assert response.json()["error"]["details"]["field"] == "guildId"


def test_channels_show_monitoring_and_the_output_channel(owner, guild, channels):
    general, dev, announcements = channels
    general.monitored = True
    general.save()
    guild.config.sweep_output_channel = announcements
    guild.config.save()
    ChannelFactory(guild=guild, name="gone", deleted_at=guild.created_at)

    response = owner.client.get(f"/v1/guilds/{guild.id}/channels")

    assert response.status_code == 200
    assert response.json() == {
        "channels": [
            {
                "id": str(c.id),
                "name": c.name,
                "type": "text",
                "position": c.position,
                "monitored": c is general,
                "output_channel": c is announcements,
            }
            for c in channels
        ]
    }


def test_config_shows_the_spec_shape(owner, guild, channels):
    response = owner.client.get(f"/v1/guilds/{guild.id}/config")

    assert response.status_code == 200
    assert response.json() | {"created_at": None, "updated_at": None} == {
        "guild_id": str(guild.id),
        "active": True,
        "privacy_mode_enabled": False,
        "channels_to_monitor": [],
        "todo_channel_id": None,
        "sweep_output_channel_id": None,
        "sweep_interval_hours": 6,
        "last_sweep_time": None,
        "created_at": None,
        "updated_at": None,
    }


def test_patch_config_with_the_spec_example(manager, guild, channels):
    general, dev, announcements = channels
    body = {
        "active": True,
        "privacy_mode_enabled": False,
        "channels_to_monitor": [str(general.id)],
        "todo_channel_id": str(dev.id),
        "sweep_output_channel_id": str(announcements.id),
        "sweep_interval_hours": 4,
    }

    response = manager.client.patch(f"/v1/guilds/{guild.id}/config", body, format="json")

    assert response.status_code == 200
    assert {k: response.json()[k] for k in body} == body
    assert set(Channel.objects.filter(monitored=True)) == {general}
    guild.config.refresh_from_db()
    assert guild.config.sweep_interval_hours == 4


def test_patch_replaces_the_monitored_set_and_clears_channels_with_null(manager, guild, channels):
    general, dev, announcements = channels
    Channel.objects.filter(id=general.id).update(monitored=True)
    guild.config.todo_channel = dev
    guild.config.save()

    response = manager.client.patch(
        f"/v1/guilds/{guild.id}/config",
        {"channels_to_monitor": [str(dev.id), str(announcements.id)], "todo_channel_id": None},
        format="json",
    )

    assert response.json()["channels_to_monitor"] == [str(dev.id), str(announcements.id)]
    assert response.json()["todo_channel_id"] is None


def test_turning_privacy_on_purges_excerpts(manager, guild, channels):
    item = ActionItemFactory(channel=channels[0], excerpt="Alice said: ship it")

    manager.client.patch(
        f"/v1/guilds/{guild.id}/config", {"privacy_mode_enabled": True}, format="json"
    )

    item.refresh_from_db()
    assert item.excerpt == ""


def _patch_error(client, guild, body) -> dict:
    response = client.patch(f"/v1/guilds/{guild.id}/config", body, format="json")
    assert response.status_code == 400, response.content
    return response.json()["error"]["details"]


def test_patch_config_validation(manager, guild, channels):
    foreign = ChannelFactory()
    cases = [
        ({"sweep_interval_hours": 0}, "sweep_interval_hours"),
        ({"sweep_interval_hours": 169}, "sweep_interval_hours"),
        ({"sweep_interval_hours": "4"}, "sweep_interval_hours"),
        ({"sweep_interval_hours": 4.5}, "sweep_interval_hours"),
        ({"sweep_interval_hours": True}, "sweep_interval_hours"),
        ({"active": "true"}, "active"),
        ({"active": 1}, "active"),
        ({"privacy_mode_enabled": None}, "privacy_mode_enabled"),
        ({"channels_to_monitor": "123"}, "channels_to_monitor"),
        ({"channels_to_monitor": [str(foreign.id)]}, "channels_to_monitor[0]"),
        ({"channels_to_monitor": [123]}, "channels_to_monitor[0]"),
        ({"todo_channel_id": str(foreign.id)}, "todo_channel_id"),
        ({"sweep_output_channel_id": "abc"}, "sweep_output_channel_id"),
        ({"surprise": 1}, "surprise"),
    ]
    for body, field in cases:
        assert _patch_error(manager.client, guild, body)["field"] == field, body

    guild.config.refresh_from_db()
    assert guild.config.sweep_interval_hours == 6
    assert not Channel.objects.filter(monitored=True).exists()


def test_foreign_channel_issue_reads_channel_not_found(manager, guild, channels):
    details = _patch_error(manager.client, guild, {"todo_channel_id": "999999999"})

    assert details == {"field": "todo_channel_id", "issue": "Channel not found"}


def test_monitor_a_channel(manager, guild, channels):
    response = manager.client.post(
        f"/v1/guilds/{guild.id}/channels/monitor",
        {"channel_id": str(channels[1].id)},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["monitored"] is True
    assert list(Channel.objects.filter(monitored=True)) == [channels[1]]
    config = manager.client.get(f"/v1/guilds/{guild.id}/config").json()
    assert config["channels_to_monitor"] == [str(channels[1].id)]


def test_monitoring_a_foreign_or_unknown_channel_is_a_400(manager, guild, channels):
    for channel_id in [str(ChannelFactory().id), "424242", 42, None]:
        response = manager.client.post(
            f"/v1/guilds/{guild.id}/channels/monitor", {"channel_id": channel_id}, format="json"
        )

        assert response.status_code == 400
        assert response.json()["error"]["details"]["field"] == "channel_id"
    assert not Channel.objects.filter(monitored=True).exists()


def test_monitoring_needs_a_channel_id(manager, guild):
    response = manager.client.post(f"/v1/guilds/{guild.id}/channels/monitor", {}, format="json")

    assert response.json()["error"]["details"] == {
        "field": "channel_id",
        "issue": "This field is required.",
    }


def test_unmonitor_a_channel(manager, guild, channels):
    Channel.objects.filter(id=channels[0].id).update(monitored=True)

    response = manager.client.delete(f"/v1/guilds/{guild.id}/channels/monitor/{channels[0].id}")

    assert response.status_code == 204
    assert response.content == b""
    assert not Channel.objects.filter(monitored=True).exists()


def test_unmonitor_an_unknown_channel_is_a_404(manager, guild, channels):
    foreign = ChannelFactory()

    response = manager.client.delete(f"/v1/guilds/{guild.id}/channels/monitor/{foreign.id}")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"


def test_permissions_of_a_member(owner, manager, guild):
    response = owner.client.get(f"/v1/guilds/{guild.id}/users/manager01/permissions")

    assert response.status_code == 200
    assert response.json() == {
        "user_id": "manager01",
        "guild_id": str(guild.id),
        "permissions": {
            "can_configure_bot": True,
            "can_manage_action_items": True,
            "can_view_analytics": True,
            "can_trigger_sweeps": True,
        },
        "roles": ["admin", "moderator"],
    }


def test_the_owner_and_discord_admins_hold_every_permission(owner, member, guild):
    GuildMember.objects.filter(user_id="member001").update(is_admin=True)

    for user_id in ["owner0001", "member001"]:
        response = owner.client.get(f"/v1/guilds/{guild.id}/users/{user_id}/permissions")

        assert all(response.json()["permissions"].values()), user_id


def test_permissions_of_an_unknown_user_are_404(owner, guild):
    response = owner.client.get(f"/v1/guilds/{guild.id}/users/nobody/permissions")

    assert response.status_code == 404


def test_put_permissions_with_the_spec_example_adds_an_unknown_user(owner, guild):
    body = {
        "permissions": {
            "can_configure_bot": True,
            "can_manage_action_items": True,
            "can_view_analytics": False,
            "can_trigger_sweeps": True,
        }
    }

    response = owner.client.put(
        f"/v1/guilds/{guild.id}/users/user123/permissions", body, format="json"
    )

    assert response.status_code == 200
    assert response.json()["permissions"] == body["permissions"]
    member = GuildMember.objects.get(guild=guild, user_id="user123")
    assert (member.can_configure_bot, member.can_view_analytics) == (True, False)


def test_put_with_no_flags_adds_the_member_with_none(owner, guild):
    response = owner.client.put(
        f"/v1/guilds/{guild.id}/users/newcomer/permissions", {"permissions": {}}, format="json"
    )

    assert response.status_code == 200
    assert not any(response.json()["permissions"].values())
    assert GuildMember.objects.filter(guild=guild, user_id="newcomer").exists()


def test_put_permissions_changes_only_the_given_flags(owner, manager, guild):
    response = owner.client.put(
        f"/v1/guilds/{guild.id}/users/manager01/permissions",
        {"permissions": {"can_trigger_sweeps": False}},
        format="json",
    )

    assert response.json()["permissions"] == {
        "can_configure_bot": True,
        "can_manage_action_items": True,
        "can_view_analytics": True,
        "can_trigger_sweeps": False,
    }


def test_put_permissions_validation(owner, guild):
    url = f"/v1/guilds/{guild.id}/users/user123/permissions"
    cases = [
        ({}, "permissions"),
        ({"permissions": {"can_fly": True}}, "permissions.can_fly"),
        ({"permissions": {"can_configure_bot": "yes"}}, "permissions.can_configure_bot"),
        ({"permissions": []}, "permissions.body"),
    ]
    for body, field in cases:
        response = owner.client.put(url, body, format="json")

        assert response.status_code == 400, body
        assert response.json()["error"]["details"]["field"] == field, body
    assert not GuildMember.objects.filter(user_id="user123").exists()


def test_a_malformed_user_id_is_a_400(owner, guild):
    response = owner.client.get(f"/v1/guilds/{guild.id}/users/{'x' * 33}/permissions")

    assert response.status_code == 400
    assert response.json()["error"]["details"]["field"] == "userId"
