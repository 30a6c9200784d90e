"""Every extension loads into a bot (no network) and the command tree is what the issue
asks for: unique names, guild-only, every payload valid for Discord."""

import asyncio

from discord import app_commands

from bot.client import NoteTicketingBot
from bot.command_sync import payload_hash, tree_payload
from bot.exts import EXTENSIONS

EXPECTED = {
    "todo list", "todo add", "todo done", "todo start", "todo archive", "todo assign",
    "sweep now", "sweep status",
    "config show", "config monitor add", "config monitor remove", "config output",
    "config todo", "config interval", "config privacy", "config active",
    "apikey create", "apikey list", "apikey revoke",
    "permissions show", "permissions set",
}  # fmt: skip


def loaded_bot() -> NoteTicketingBot:
    async def load():
        bot = NoteTicketingBot(sync_commands=False)
        await bot.load_extensions()
        return bot

    return asyncio.run(load())


def leaves(command) -> list:
    if isinstance(command, app_commands.Group):
        return [leaf for child in command.commands for leaf in leaves(child)]
    return [command]


def test_every_module_of_bot_exts_is_an_extension_with_setup():
    names = {name.rsplit(".", 1)[1] for name in EXTENSIONS}
    assert names == {
        "apikey", "buttons", "config", "errors", "permissions", "reactions", "sweep", "sync",
        "todo",
    }  # fmt: skip
    bot = loaded_bot()
    assert set(bot.extensions) == set(EXTENSIONS)


def test_commands_are_unique_and_exactly_those_of_the_issue():
    bot = loaded_bot()
    names = [leaf.qualified_name for top in bot.tree.get_commands() for leaf in leaves(top)]
    assert len(names) == len(set(names))
    assert set(names) == EXPECTED


def test_every_top_level_command_is_guild_only_and_every_leaf_has_a_description():
    bot = loaded_bot()
    for top in bot.tree.get_commands():
        assert top.guild_only, top.name
        for leaf in leaves(top):
            assert leaf.description != "…", leaf.qualified_name


def test_item_options_autocomplete():
    bot = loaded_bot()
    todo = bot.tree.get_command("todo")
    for name in ("done", "start", "archive", "assign"):
        item = next(p for p in todo.get_command(name).parameters if p.name == "item")
        assert item.autocomplete, name


def test_the_payload_is_valid_and_its_hash_stable():
    first, second = loaded_bot(), loaded_bot()
    payload = tree_payload(first.tree, None)
    assert {command["name"] for command in payload} == {
        "todo", "sweep", "config", "apikey", "permissions"
    }  # fmt: skip
    for command in payload:
        assert command["contexts"] == [0]  # guild only
    assert payload_hash(payload) == payload_hash(tree_payload(second.tree, None))


def test_the_buttons_are_registered_as_dynamic_items():
    from bot.item_buttons import ItemButton

    bot = loaded_bot()
    assert ItemButton in bot._connection._view_store._dynamic_items.values()
