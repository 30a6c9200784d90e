"""The real ``manage.py runbot`` against the fake Discord (tests/fakediscord): it logs in,
syncs the guild, registers its commands once, answers commands, buttons and reactions
with the rows in the database to match, refuses members without the permission, and
neither loses nor repeats anything across a reconnect."""

import subprocess
import sys

import pytest

from actionitems.models import ActionItem
from guilds.models import Channel, Guild, GuildMember
from tests.bot.runbot_process import ROOT, RunBot, wait_for

pytestmark = pytest.mark.django_db(transaction=True)
EPHEMERAL = 64
MANAGE_GUILD = 0x20


def say(fake, response: dict) -> str:
    return response["data"].get("content", "")


def is_ephemeral(response: dict) -> bool:
    return bool(response["data"].get("flags", 0) & EPHEMERAL)


def run(fake, user: dict, name: str, options: dict | None = None, **where) -> dict:
    """Invoke a command in #general as ``user`` and return the bot's first answer."""
    interaction = fake.invoke_command(
        fake.guild_id, fake.general_id, user["id"], name, options, **where
    )
    return fake.wait_for_response(interaction, timeout=10) | {"id": interaction}


@pytest.fixture
def cast(fake_discord) -> dict:
    return {user["username"]: user for user in fake_discord.cast}


@pytest.fixture
def bot(fake_discord, tmp_path):
    """runbot, connected and with the guild, its channels and members in the database."""
    with RunBot(fake_discord, tmp_path / "var") as running:
        fake_discord.wait_for_identify(timeout=20)
        wait_for(
            lambda: (
                GuildMember.objects.filter(guild_id=fake_discord.guild_id).count()
                >= len(fake_discord.cast)
            ),
            what="the guild's members to be synced\n" + running.output(),
        )
        yield running


def test_without_a_token_runbot_stops_with_a_message_and_no_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "runbot"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DISCORD_TOKEN": "", "NOTETICKETING_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "DISCORD_TOKEN is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_ready_syncs_the_guild_its_channels_and_members(bot, fake_discord, cast):
    guild = Guild.objects.get(id=fake_discord.guild_id)
    assert guild.name == "My Discord Server"
    assert guild.owner_id == cast["alice"]["id"]
    assert guild.left_at is None
    assert Channel.objects.filter(id=fake_discord.general_id, name="general").exists()
    members = set(GuildMember.objects.filter(guild=guild).values_list("user_id", flat=True))
    assert members == {user["id"] for user in cast.values()}  # the bot itself is no member


def test_guild_channel_and_member_events_are_applied(bot, fake_discord, cast):
    guild_id = fake_discord.guild_id
    added = fake_discord.add_channel(guild_id, "planning")
    wait_for(lambda: Channel.objects.filter(id=int(added["id"])).exists(), what="new channel")

    fake_discord.update_channel(added["id"], name="planning-2025")
    wait_for(
        lambda: Channel.objects.filter(id=int(added["id"]), name="planning-2025").exists(),
        what="renamed channel",
    )
    fake_discord.delete_channel(added["id"])
    wait_for(
        lambda: Channel.objects.filter(id=int(added["id"]), deleted_at__isnull=False).exists(),
        what="deleted channel",
    )

    managers = fake_discord.add_role(guild_id, "managers", permissions=MANAGE_GUILD)
    fake_discord.update_member_roles(guild_id, cast["bob"]["id"], [managers["id"]])
    wait_for(
        lambda: GuildMember.objects.filter(user_id=cast["bob"]["id"], is_admin=True).exists(),
        what="bob to become an admin",
    )
    assert GuildMember.objects.get(user_id=cast["bob"]["id"]).roles == ["managers"]

    newcomer = fake_discord.add_member(guild_id, "frank")
    wait_for(
        lambda: GuildMember.objects.filter(user_id=newcomer["user"]["id"]).exists(),
        what="frank to be a member",
    )
    fake_discord.remove_member(guild_id, newcomer["user"]["id"])
    wait_for(
        lambda: not GuildMember.objects.filter(user_id=newcomer["user"]["id"]).exists(),
        what="frank to be gone",
    )

    fake_discord.update_guild(guild_id, name="Renamed")
    wait_for(lambda: Guild.objects.filter(id=guild_id, name="Renamed").exists(), what="rename")
    fake_discord.leave_guild(guild_id)
    wait_for(
        lambda: Guild.objects.filter(id=guild_id, left_at__isnull=False).exists(), what="leave"
    )


def test_commands_are_registered_globally_once_across_restarts(fake_discord, tmp_path):
    var = tmp_path / "var"
    with RunBot(fake_discord, var):
        fake_discord.wait_for_identify(timeout=20)
        wait_for(lambda: fake_discord.command_put_count() == 1, what="the commands")
    names = {command["name"] for command in fake_discord.registered_commands()}
    assert names == {"todo", "sweep", "config", "apikey", "permissions"}

    with RunBot(fake_discord, var):
        wait_for(lambda: fake_discord.identify_count >= 2, what="the second login")
        wait_for(lambda: Guild.objects.exists(), what="sync")
    assert fake_discord.command_put_count() == 1  # unchanged: not sent again


def test_with_a_development_guild_commands_go_there_only(fake_discord, tmp_path):
    with RunBot(fake_discord, tmp_path / "var", DISCORD_DEV_GUILD_ID=str(fake_discord.guild_id)):
        fake_discord.wait_for_identify(timeout=20)
        wait_for(
            lambda: fake_discord.command_put_count(fake_discord.guild_id) == 1,
            what="the guild's commands",
        )
    assert fake_discord.command_put_count() == 0
    assert len(fake_discord.registered_commands(fake_discord.guild_id)) == 5


def test_todo_commands_and_a_button(bot, fake_discord, cast):
    alice, bob = cast["alice"], cast["bob"]  # alice owns the server
    added = run(
        fake_discord,
        alice,
        "todo",
        {"text": "Write the release notes", "priority": "high", "assignee": bob["id"]},
        subcommand="add",
    )
    item = ActionItem.objects.get()
    assert (item.text, item.priority_label, item.assigned_to, item.source) == (
        "Write the release notes",
        "high",
        bob["id"],
        "bot",
    )
    assert item.public_id in say(fake_discord, added)
    assert not is_ephemeral(added)

    listed = run(fake_discord, bob, "todo", {"mine": True}, subcommand="list")
    assert is_ephemeral(listed)
    assert item.public_id in say(fake_discord, listed)

    started = run(fake_discord, bob, "todo", {"item": item.public_id}, subcommand="start")
    assert "in progress" in say(fake_discord, started)
    item.refresh_from_db()
    assert item.status == "in_progress"

    message = fake_discord.original_response(added["id"])
    clicked = fake_discord.click(
        fake_discord.guild_id,
        fake_discord.general_id,
        bob["id"],
        message["id"],
        f"nt:done:{item.public_id}",
    )
    response = fake_discord.wait_for_response(clicked, timeout=10)
    assert "marked done" in say(fake_discord, response)
    assert is_ephemeral(response)
    item.refresh_from_db()
    assert item.status == "completed"


def test_item_ids_autocomplete(bot, fake_discord, cast):
    run(fake_discord, cast["alice"], "todo", {"text": "Order the pizza"}, subcommand="add")
    item = ActionItem.objects.get()
    interaction = fake_discord.autocomplete(
        fake_discord.guild_id,
        fake_discord.general_id,
        cast["bob"]["id"],
        "todo",
        {"item": item.public_id[:4]},
        focused="item",
        subcommand="done",
    )
    response = fake_discord.wait_for_response(interaction, timeout=10)
    assert [choice["value"] for choice in response["data"]["choices"]] == [item.public_id]


def test_a_member_without_the_permission_is_refused(bot, fake_discord, cast):
    carol = cast["carol"]
    refused = run(fake_discord, carol, "todo", {"text": "Sneaky"}, subcommand="add")
    assert is_ephemeral(refused)
    assert "can_manage_action_items" in say(fake_discord, refused)
    assert not ActionItem.objects.exists()

    refused = run(fake_discord, carol, "config", {"hours": 2}, subcommand="interval")
    assert "can_configure_bot" in say(fake_discord, refused)
    refused = run(fake_discord, carol, "sweep", subcommand="now")
    assert "can_trigger_sweeps" in say(fake_discord, refused)

    granted = run(
        fake_discord,
        cast["alice"],
        "permissions",
        {"user": carol["id"], "can_manage_action_items": True},
        subcommand="set",
    )
    assert "✅ `can_manage_action_items`" in say(fake_discord, granted)
    run(fake_discord, carol, "todo", {"text": "Allowed now"}, subcommand="add")
    assert ActionItem.objects.filter(text="Allowed now").exists()


def test_config_commands(bot, fake_discord, cast):
    alice = cast["alice"]
    general = {"channel": fake_discord.general_id}
    answer = run(fake_discord, alice, "config", general, group="monitor", subcommand="add")
    assert is_ephemeral(answer)
    run(fake_discord, alice, "config", general, subcommand="output")
    run(fake_discord, alice, "config", {"hours": 12}, subcommand="interval")
    run(fake_discord, alice, "config", {"state": "on"}, subcommand="privacy")
    run(fake_discord, alice, "config", {"state": "off"}, subcommand="active")
    config = Guild.objects.get(id=fake_discord.guild_id).config
    assert Channel.objects.get(id=fake_discord.general_id).monitored
    assert config.sweep_output_channel_id == fake_discord.general_id
    assert (config.sweep_interval_hours, config.privacy_mode_enabled, config.active) == (
        12,
        True,
        False,
    )
    shown = say(fake_discord, run(fake_discord, cast["dave"], "config", subcommand="show"))
    assert "Sweep interval: 12 h" in shown
    assert f"<#{fake_discord.general_id}>" in shown


def test_sweep_now_queues_a_sweep(bot, fake_discord, cast):
    alice = cast["alice"]
    monitor = {"channel": fake_discord.general_id}
    run(fake_discord, alice, "config", monitor, group="monitor", subcommand="add")
    queued = run(fake_discord, alice, "sweep", subcommand="now")
    from sweeps.models import Sweep

    sweep = Sweep.objects.get()
    assert (sweep.trigger, sweep.triggered_by) == ("bot", alice["id"])
    assert sweep.public_id in say(fake_discord, queued)
    again = run(fake_discord, alice, "sweep", subcommand="now")
    assert "already queued or running" in say(fake_discord, again)
    status = run(fake_discord, cast["bob"], "sweep", subcommand="status")
    assert sweep.public_id in say(fake_discord, status)


def test_api_keys_are_shown_once_and_privately(bot, fake_discord, cast):
    from guilds.models import ApiKey

    bob = cast["bob"]
    made = run(fake_discord, bob, "apikey", {"name": "laptop"}, subcommand="create")
    assert is_ephemeral(made)
    key = ApiKey.objects.get(user_id=bob["id"])
    assert f"ntk_{key.prefix}_" in say(fake_discord, made)
    listed = run(fake_discord, bob, "apikey", subcommand="list")
    assert "laptop — active" in say(fake_discord, listed)
    run(fake_discord, bob, "apikey", {"key": key.prefix}, subcommand="revoke")
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_a_reaction_makes_an_item_at_once(bot, fake_discord, cast):
    alice = cast["alice"]
    monitor = {"channel": fake_discord.general_id}
    run(fake_discord, alice, "config", monitor, group="monitor", subcommand="add")
    message = fake_discord.send_message_event(
        fake_discord.general_id, "bob", "Can someone fix the broken login page by Friday?"
    )
    fake_discord.react(fake_discord.general_id, message["id"], cast["carol"]["id"])
    item = wait_for(
        lambda: ActionItem.objects.filter(source="reaction").first(), what="the reaction's item"
    )
    assert item.source_message_id == int(message["id"])
    assert item.created_by == cast["carol"]["id"]
    assert item.jump_url.endswith(f"/{fake_discord.general_id}/{message['id']}")
    assert item.category == "bug"
    wait_for(
        lambda: (
            fake_discord.bot_user["id"]
            in fake_discord.reactions(fake_discord.general_id, message["id"]).get("✅", [])
        ),
        what="the bot's ✅",
    )
    fake_discord.react(fake_discord.general_id, message["id"], cast["dave"]["id"])
    other = fake_discord.send_message_event(fake_discord.general_id, "bob", "unrelated")
    fake_discord.react(fake_discord.general_id, other["id"], cast["dave"]["id"], emoji="👍")
    ok = run(fake_discord, alice, "todo", subcommand="list")  # the bot has seen both by now
    assert item.public_id in say(fake_discord, ok)
    assert ActionItem.objects.count() == 1


def test_a_reconnect_loses_and_repeats_nothing(bot, fake_discord, cast):
    alice = cast["alice"]
    run(fake_discord, alice, "todo", {"text": "Before the reconnect"}, subcommand="add")
    fake_discord.request_reconnect()
    wait_for(lambda: fake_discord.resume_count >= 1, what="a RESUME")
    run(fake_discord, alice, "todo", {"text": "After the reconnect"}, subcommand="add")

    fake_discord.drop_connection()
    pending = fake_discord.invoke_command(
        fake_discord.guild_id,
        fake_discord.general_id,
        alice["id"],
        "todo",
        {"text": "Sent while away"},
        subcommand="add",
    )
    fake_discord.wait_for_response(pending, timeout=20)
    run(fake_discord, alice, "todo", {"text": "Last"}, subcommand="add")
    texts = sorted(ActionItem.objects.values_list("text", flat=True))
    assert texts == ["After the reconnect", "Before the reconnect", "Last", "Sent while away"]
    assert fake_discord.identify_count == 1  # resumed, never a fresh session


def _todo_messages(fake) -> list[dict]:
    return [
        m
        for m in fake.posted(fake.general_id)
        if m.get("embeds") and m["embeds"][0]["title"].startswith("To-do")
    ]


def test_to_do_buttons_work_after_a_restart(fake_discord, cast, tmp_path):
    alice, bob = cast["alice"], cast["bob"]
    var = tmp_path / "var"
    with RunBot(fake_discord, var) as first:
        fake_discord.wait_for_identify(timeout=20)
        wait_for(lambda: GuildMember.objects.count() >= 5, what="sync\n" + first.output())
        run(fake_discord, alice, "todo", {"text": "Book the venue"}, subcommand="add")
        general = {"channel": fake_discord.general_id}
        run(fake_discord, alice, "config", general, subcommand="todo")
        todo = wait_for(lambda: _todo_messages(fake_discord), what="the to-do message")[0]
    item = ActionItem.objects.get()
    custom_ids = [button["custom_id"] for row in todo["components"] for button in row["components"]]
    assert custom_ids == [f"nt:{action}:{item.public_id}" for action in ("done", "start", "assign")]

    with RunBot(fake_discord, var):
        wait_for(lambda: fake_discord.identify_count >= 2, what="the second login")
        clicked = fake_discord.click(
            fake_discord.guild_id,
            fake_discord.general_id,
            bob["id"],
            todo["id"],
            f"nt:assign:{item.public_id}",
        )
        refused = fake_discord.wait_for_response(clicked, timeout=10)
        assert "can_manage_action_items" in say(fake_discord, refused)  # bob may not assign

        clicked = fake_discord.click(
            fake_discord.guild_id,
            fake_discord.general_id,
            alice["id"],
            todo["id"],
            f"nt:done:{item.public_id}",
        )
        assert "marked done" in say(fake_discord, fake_discord.wait_for_response(clicked, 10))
        wait_for(
            lambda: "Nothing open" in _todo_messages(fake_discord)[0]["embeds"][0]["description"],
            what="the to-do message to be refreshed",
        )
    item.refresh_from_db()
    assert item.status == "completed"
    assert item.assigned_to is None
    assert len(_todo_messages(fake_discord)) == 1  # edited in place, never posted twice
    assert _todo_messages(fake_discord)[0]["components"] == []
