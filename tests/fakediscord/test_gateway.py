"""A real discord.py bot, on its own loop in a thread, logs in to the fake's gateway, hears
what the tests make happen and answers interactions."""

import time
from collections.abc import Iterator

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from tests.fakediscord.discordpy import ClientThread, pointed_at
from tests.fakediscord.permissions import ALL
from tests.fakediscord.test_server import fetch

RECORDED = {
    "message",
    "raw_reaction_add",
    "resumed",
    "guild_join",
    "guild_update",
    "guild_remove",
    "member_update",
    "guild_channel_create",
    "guild_channel_update",
    "guild_channel_delete",
    "thread_create",
    "interaction",
}


class Bot(commands.Bot):
    async def before_identify_hook(self, shard_id, *, initial=False):
        """discord.py sleeps 5 s before each IDENTIFY but the first; not in tests."""


def make_bot(*, message_content: bool = True) -> commands.Bot:
    intents = discord.Intents.default()
    intents.members = True
    intents.message_content = message_content
    # guild_ready_timeout: on_ready comes this long after the last GUILD_CREATE.
    return Bot(command_prefix="!", intents=intents, guild_ready_timeout=0.05)


def add_commands(bot: commands.Bot, guild: discord.Object) -> None:
    """/items add|list and /items admin purge, answered the ways a bot answers."""
    items = app_commands.Group(name="items", description="Action items")
    admin = app_commands.Group(name="admin", description="Admin", parent=items)

    @items.command(description="Add an item")
    @app_commands.describe(title="What to do", owner="Who does it", priority="How urgent")
    @app_commands.choices(
        priority=[app_commands.Choice(name=n, value=v) for n, v in [("low", 1), ("high", 3)]]
    )
    async def add(
        interaction: discord.Interaction,
        title: str,
        owner: discord.Member,
        priority: app_commands.Choice[int] | None = None,
    ):
        level = priority.value if priority else 0
        await interaction.response.send_message(
            f"{title} for {owner.display_name} ({level}) by {interaction.user.name}", ephemeral=True
        )

    @items.command(name="list", description="List items")
    async def list_items(interaction: discord.Interaction, channel: discord.TextChannel):
        await interaction.response.defer(thinking=True)
        await interaction.edit_original_response(content=f"none in #{channel.name}")
        await interaction.followup.send("that is all", ephemeral=True)

    @admin.command(description="Purge items")
    async def purge(interaction: discord.Interaction, older_than: int):
        allowed = interaction.permissions.manage_guild
        await interaction.response.send_message(f"purge {older_than}: {allowed}")

    @app_commands.command(description="Pick a project")
    async def project(interaction: discord.Interaction, name: str):
        await interaction.response.send_message(f"project {name}")

    @project.autocomplete("name")
    async def project_names(interaction: discord.Interaction, current: str):
        names = ["apollo", "artemis", "gemini"]
        return [app_commands.Choice(name=n, value=n) for n in names if n.startswith(current)]

    bot.tree.add_command(items, guild=guild)
    bot.tree.add_command(project, guild=guild)


class Confirm(discord.ui.View):
    def __init__(self):
        super().__init__(timeout=None)

    @discord.ui.button(label="Confirm", custom_id="confirm:1", style=discord.ButtonStyle.green)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button):
        await interaction.response.edit_message(content="confirmed", view=None)


@pytest.fixture
def world(fake_discord):
    fake = fake_discord
    fake.dev_id = int(fake.add_channel(fake.guild_id, "dev-chat")["id"])
    fake.manager_role = fake.add_role(fake.guild_id, "Managers", permissions=1 << 5)
    fake.manager = fake.add_member(fake.guild_id, "mallory", roles=[fake.manager_role])
    fake.bob = fake.cast[1]
    return fake


def connect(fake, bot: commands.Bot | None = None) -> ClientThread:
    return ClientThread(fake, bot or make_bot(), set(RECORDED)).start()


@pytest.fixture
def bot(world) -> Iterator[ClientThread]:
    with pointed_at(world):
        thread = connect(world)
        yield thread
        thread.stop()


def test_the_bot_logs_in_and_caches_the_guild(world, bot):
    guild = bot.client.get_guild(world.guild_id)

    assert world.wait_for_identify(timeout=1)
    assert world.identify_count == 1
    assert world.connected_sessions
    assert world.gateway_queries[0] == {"v": "10", "encoding": "json", "compress": "zlib-stream"}
    assert [c.name for c in guild.text_channels] == ["general", "dev-chat"]
    assert {m.name for m in guild.members} == {
        "NoteTicketing",
        "alice",
        "bob",
        "carol",
        "dave",
        "erin",
        "mallory",
    }
    assert guild.get_member(int(world.manager["user"]["id"])).roles[1].name == "Managers"
    assert guild.owner_id == int(world.cast[0]["id"])
    assert guild.chunked
    assert guild.me.guild_permissions.create_public_threads
    assert bot.client.application_id == int(world.bot_user["id"])


def test_messages_and_reactions_reach_the_bot(world, bot):
    said = world.send_message_event(world.general_id, world.bob, "I'll fix the build")
    world.react(world.general_id, said["id"], world.bob["id"], emoji="📝")

    (message,) = bot.wait_for("message", lambda m: m.id == int(said["id"]))
    (reaction,) = bot.wait_for("raw_reaction_add")
    assert (message.content, message.author.name, message.guild.id) == (
        "I'll fix the build",
        "bob",
        world.guild_id,
    )
    assert (reaction.message_id, reaction.user_id, str(reaction.emoji)) == (
        int(said["id"]),
        int(world.bob["id"]),
        "📝",
    )
    assert reaction.member.name == "bob"


def test_without_the_content_intent_only_mentions_carry_content(world):
    with pointed_at(world):
        thread = connect(world, make_bot(message_content=False))
        try:
            plain = world.send_message_event(world.general_id, "bob", "secret plans")
            mention = world.send_message_event(
                world.general_id, "bob", "summarise please", mentions=[world.bot_user]
            )
            thread.wait_for("message", lambda m: m.id == int(mention["id"]))
            contents = {m.id: m.content for (m,) in thread.named("message")}
        finally:
            thread.stop()

    assert contents[int(plain["id"])] == ""
    assert contents[int(mention["id"])] == f"<@{world.bot_user['id']}> summarise please"


def test_heartbeats_are_acknowledged_with_the_last_sequence(world):
    world.heartbeat_interval_ms = 50
    with pointed_at(world):
        thread = connect(world)
        try:
            assert world.wait_until(lambda: world.heartbeat_acks >= 4, timeout=2)
            latency = thread.client.latency
        finally:
            thread.stop()

    session_beats = [seq for session, seq in world.heartbeats if session]
    assert session_beats[-1] == 2  # READY and one GUILD_CREATE
    assert latency < 1


def test_a_registered_command_is_invoked_and_answered(world, bot):
    add_commands(bot.client, discord.Object(world.guild_id))
    bot.call(bot.client.tree.sync(guild=discord.Object(world.guild_id)))

    registered = world.registered_commands(world.guild_id)
    assert [c["name"] for c in registered] == ["items", "project"]
    assert world.command_put_count(world.guild_id) == 1
    assert world.command_put_count() == 0

    interaction_id = world.invoke_command(
        world.guild_id,
        world.general_id,
        world.bob["id"],
        "items",
        {"title": "Fix CI", "owner": world.manager["user"]["id"], "priority": 3},
        subcommand="add",
    )
    response = world.wait_for_response(interaction_id, timeout=3)

    assert response["type"] == 4
    assert response["data"]["content"] == "Fix CI for Mallory (3) by bob"
    assert response["data"]["flags"] == 64  # ephemeral
    assert world.original_response(interaction_id)["content"] == "Fix CI for Mallory (3) by bob"
    assert world.messages_in(world.general_id) == []  # ephemeral: nobody else sees it


def test_deferred_answers_edits_and_followups_are_recorded(world, bot):
    add_commands(bot.client, discord.Object(world.guild_id))
    bot.call(bot.client.tree.sync(guild=discord.Object(world.guild_id)))

    interaction_id = world.invoke_command(
        world.guild_id,
        world.general_id,
        world.bob["id"],
        "items",
        {"channel": world.dev_id},
        subcommand="list",
    )
    assert world.wait_for_response(interaction_id)["type"] == 5
    assert world.wait_until(lambda: world.followups(interaction_id), timeout=3)

    assert world.original_response(interaction_id)["content"] == "none in #dev-chat"
    assert world.original_response(interaction_id)["flags"] == 0  # no longer "thinking"
    (followup,) = world.followups(interaction_id)
    assert (followup["content"], followup["flags"]) == ("that is all", 64)


def test_subcommand_groups_carry_the_members_permissions(world, bot):
    add_commands(bot.client, discord.Object(world.guild_id))
    bot.call(bot.client.tree.sync(guild=discord.Object(world.guild_id)))

    answers = {}
    for who in (world.manager["user"], world.bob, world.cast[0]):
        interaction_id = world.invoke_command(
            world.guild_id,
            world.general_id,
            who["id"],
            "items",
            {"older_than": 30},
            subcommand="purge",
            group="admin",
        )
        answers[who["username"]] = world.wait_for_response(interaction_id)["data"]["content"]
        (interaction,) = bot.wait_for(
            "interaction", lambda i, wanted=interaction_id: i.id == int(wanted)
        )

    assert answers == {
        "mallory": "purge 30: True",
        "bob": "purge 30: False",
        "alice": "purge 30: True",
    }
    assert interaction.permissions.value == ALL  # alice owns the guild


def test_autocomplete_answers_with_choices(world, bot):
    add_commands(bot.client, discord.Object(world.guild_id))
    bot.call(bot.client.tree.sync(guild=discord.Object(world.guild_id)))

    interaction_id = world.autocomplete(
        world.guild_id, world.general_id, world.bob["id"], "project", {"name": "a"}, focused="name"
    )

    response = world.wait_for_response(interaction_id)
    assert response["type"] == 8
    assert [c["value"] for c in response["data"]["choices"]] == ["apollo", "artemis"]


def test_a_button_click_reaches_the_view(world, bot):
    async def ask():  # a View must be made on the client's loop
        return await bot.client.get_channel(world.general_id).send("Create?", view=Confirm())

    sent = bot.call(ask())

    interaction_id = world.click(
        world.guild_id, world.general_id, world.bob["id"], sent.id, "confirm:1"
    )

    response = world.wait_for_response(interaction_id)
    assert response["type"] == 7
    assert world.messages_in(world.general_id)[-1]["content"] == "confirmed"
    assert world.messages_in(world.general_id)[-1]["components"] == []


def test_a_late_answer_is_an_unknown_interaction(world, bot):
    world.interaction_deadline = 0.0
    add_commands(bot.client, discord.Object(world.guild_id))
    bot.call(bot.client.tree.sync(guild=discord.Object(world.guild_id)))

    interaction_id = world.autocomplete(
        world.guild_id, world.general_id, world.bob["id"], "project", {}, focused="name"
    )

    assert world.wait_until(
        lambda: world.requests_to("POST", f"/interactions/{interaction_id}/*/callback"), 3
    )
    time.sleep(0.1)
    assert world.requests_to("POST", "/interactions/*")[0].status == 404
    with pytest.raises(TimeoutError):
        world.wait_for_response(interaction_id, timeout=0.1)


def test_reconnect_resumes_without_losing_or_repeating_events(world, bot):
    before = world.send_message_event(world.general_id, "bob", "before")
    bot.wait_for("message", lambda m: m.id == int(before["id"]))

    world.request_reconnect()
    during = [world.send_message_event(world.general_id, "carol", f"m{i}") for i in range(5)]
    assert world.wait_for_resume(timeout=3)
    after = world.send_message_event(world.general_id, "dave", "after")
    bot.wait_for("message", lambda m: m.id == int(after["id"]))

    heard = [m.id for (m,) in bot.named("message")]
    assert heard == [int(m["id"]) for m in [before, *during, after]]
    assert (world.identify_count, world.resume_count) == (1, 1)
    assert bot.named("resumed") == [()]


def test_a_dropped_connection_resumes_and_replays_what_was_missed(world, bot):
    world.drop_connection()
    missed = world.send_message_event(world.general_id, "bob", "while you were out")

    assert world.wait_for_resume(timeout=5)
    assert bot.wait_for("message", lambda m: m.id == int(missed["id"]))
    assert len(bot.named("message")) == 1
    assert world.identify_count == 1


def test_an_invalid_session_makes_the_bot_identify_again(world, bot):
    world.invalidate_sessions()

    assert world.wait_for_identify(timeout=5, count=2)
    assert world.identify_count == 2
    assert world.resume_count == 0
    said = world.send_message_event(world.general_id, "bob", "hello again")
    assert bot.wait_for("message", lambda m: m.id == int(said["id"]))


def test_guild_and_channel_changes_reach_the_cache(world, bot):
    world.update_member_roles(world.guild_id, world.bob["id"], [world.manager_role])
    world.add_channel(world.guild_id, "releases")
    world.update_channel(world.dev_id, name="dev")
    world.delete_channel(world.general_id)
    world.update_guild(world.guild_id, name="Renamed")
    joined = world.add_guild("Second", channels=("lobby",))

    (guild,) = bot.wait_for("guild_join")
    assert bot.wait_for("guild_update")
    home = bot.client.get_guild(world.guild_id)
    assert [r.name for r in home.get_member(int(world.bob["id"])).roles] == [
        "@everyone",
        "Managers",
    ]
    assert [c.name for c in home.text_channels] == ["dev", "releases"]
    assert home.name == "Renamed"
    assert (guild.id, [c.name for c in guild.channels]) == (int(joined["id"]), ["lobby"])

    world.leave_guild(joined["id"])
    assert bot.wait_for("guild_remove")
    assert bot.client.get_guild(int(joined["id"])) is None


def test_the_bots_rest_calls_reach_the_fake(world, bot):
    said = world.send_message_event(world.general_id, "bob", "we should ship friday")
    channel = bot.client.get_channel(world.general_id)

    message = bot.call(channel.fetch_message(int(said["id"])))
    bot.call(message.add_reaction("👀"))
    thread = bot.call(message.create_thread(name="Ship friday"))
    member = bot.call(bot.client.get_guild(world.guild_id).fetch_member(int(world.bob["id"])))
    user = bot.call(bot.client.fetch_user(int(world.bob["id"])))

    assert thread.id == message.id  # a thread from a message takes its id
    assert thread.parent_id == world.general_id
    assert world.reactions(world.general_id, said["id"]) == {"👀": [world.bot_user["id"]]}
    assert bot.wait_for("raw_reaction_add", lambda r: r.user_id == bot.client.user.id)
    assert bot.wait_for("thread_create")
    assert (member.name, user.global_name) == ("bob", "Bob")
    with pytest.raises(discord.HTTPException) as raised:
        bot.call(message.create_thread(name="again"))
    assert raised.value.code == 160004


def test_privileged_intents_not_enabled_close_the_gateway_with_4014(world):
    world.disallowed_intents = 1 << 15  # message content not enabled in the portal
    with pointed_at(world):
        thread = ClientThread(world, make_bot(), set())
        thread.thread.start()
        thread.thread.join(5)

    assert isinstance(thread.error, discord.PrivilegedIntentsRequired)


def test_a_bot_process_finds_the_gateway_through_its_settings(fake_discord):
    answer = fetch(fake_discord, "GET", "/gateway/bot")

    assert answer.body["url"] == fake_discord.environment()["DISCORD_GATEWAY_URL"]
    assert fake_discord.environment()["DISCORD_API_BASE"] == fake_discord.api_base


def test_commands_discord_would_refuse_are_refused(fake_discord):
    path = f"/applications/{fake_discord.bot_user['id']}/guilds/{fake_discord.guild_id}/commands"
    options = [
        {"name": "note", "description": "Note", "type": 3},
        {"name": "owner", "description": "Owner", "type": 6, "required": True},
    ]
    bad = [
        [{"name": "Items", "description": "Capitalised", "type": 1}],
        [{"name": "items", "description": "", "type": 1}],
        [{"name": "items", "description": "Order", "type": 1, "options": options}],
    ]

    answers = [fetch(fake_discord, "PUT", path, body) for body in bad]

    assert [(a.status, a.body["code"]) for a in answers] == [(400, 50035)] * 3
    assert fake_discord.command_put_count(fake_discord.guild_id) == 0
