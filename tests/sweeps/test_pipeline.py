"""The sweep pipeline end to end against the fake Discord, run in this process.

(The same pipeline under a real Celery worker is in test_worker.py.)
"""

import pytest

from actionitems.models import ActionItem
from guilds.models import Channel
from sweeps.models import ChannelCursor, Sweep, SweepChannelStat
from sweeps.pipeline import sweep_channel, sweep_run
from sweeps.services import sweep_claim, sweep_request
from tests.sweeps.helpers import mirror_guild


@pytest.fixture
def discord(fake_discord, settings):
    settings.DISCORD_TOKEN = fake_discord.token
    settings.DISCORD_API_BASE = fake_discord.api_base
    settings.DISCORD_TIMEOUT_SECONDS = 2
    return fake_discord


@pytest.fixture
def world(discord, db):
    return mirror_guild(discord, messages_per_channel=260)


def _sweep(world, **kwargs) -> Sweep:
    sweep = sweep_request(guild=world.guild, trigger=Sweep.Trigger.API, **kwargs)
    sweep_run(sweep_id=sweep.pk)
    sweep.refresh_from_db()
    return sweep


def test_a_sweep_reads_every_channel_and_records_items_stats_and_cursors(discord, world):
    sweep = _sweep(world)

    assert sweep.status == Sweep.Status.COMPLETED
    assert (sweep.channels_processed, sweep.messages_processed) == (3, 780)
    items = ActionItem.objects.filter(guild=world.guild)
    assert items.count() == sweep.action_items_found > 10
    for channel in world.channels:
        newest = discord.messages_in(channel.id)[-1]["id"]
        assert ChannelCursor.objects.get(channel=channel).last_message_id == int(newest)
        stat = SweepChannelStat.objects.get(sweep=sweep, channel=channel)
        assert stat.messages_processed == 260
        assert stat.action_items_found == items.filter(channel=channel).count()
    item = items.first()
    assert item.source == "sweep"
    assert item.sweep == sweep
    assert item.jump_url.startswith(f"https://discord.com/channels/{world.guild.id}/")
    assert item.excerpt
    world.guild.config.refresh_from_db()
    assert world.guild.config.last_sweep_time == sweep.started_at


def test_the_digest_lists_the_new_items_with_jump_links(discord, world):
    sweep = _sweep(world)

    posted = discord.posted(world.output.id)
    fields = [
        field for message in posted for embed in message["embeds"] for field in embed["fields"]
    ]
    assert len(fields) == sweep.action_items_found
    assert all("[jump](https://discord.com/channels/" in field["value"] for field in fields)
    assert sweep.digest_message_id == int(posted[0]["id"])


def test_the_todo_message_is_posted_once_then_edited_in_place(discord, world):
    _sweep(world)
    discord.generate_messages(world.channels[0].id, 40, seed=9)
    _sweep(world)

    posted = discord.posted(world.todo.id)
    assert len(posted) == 1
    assert len(discord.edits(world.todo.id)) == 1
    open_count = ActionItem.objects.filter(guild=world.guild).count()
    assert posted[0]["embeds"][0]["title"] == f"To-do ({open_count} open)"


def test_a_rerun_with_nothing_new_reads_nothing_and_adds_nothing(discord, world):
    first = _sweep(world)
    before = ActionItem.objects.count()

    second = _sweep(world)

    assert (second.messages_processed, second.action_items_found) == (0, 0)
    assert ActionItem.objects.count() == before > 0
    assert len(discord.posted(world.output.id)) == len(
        [m for m in discord.posted(world.output.id) if int(m["id"]) <= first.digest_message_id]
    )


def test_new_messages_are_read_after_the_cursor(discord, world):
    _sweep(world)
    discord.generate_messages(world.channels[1].id, 30, seed=5)

    second = _sweep(world)

    assert second.messages_processed == 30
    history = discord.requests_to("GET", f"/channels/{world.channels[1].id}/messages")
    assert history[-1].query["after"] != "0"


def test_a_forced_sweep_rereads_but_duplicates_nothing(discord, world):
    first = _sweep(world)
    count = ActionItem.objects.count()

    forced = _sweep(world, force=True)

    assert forced.messages_processed == first.messages_processed
    assert forced.action_items_found == 0
    assert ActionItem.objects.count() == count


def test_a_subset_of_channels(discord, world):
    sweep = _sweep(world, channels=[world.channels[2]])

    assert sweep.channels_processed == 1
    assert set(ActionItem.objects.values_list("channel_id", flat=True)) <= {world.channels[2].id}


def test_threads_are_swept_as_their_own_conversations(discord, world):
    parent = world.channels[0]
    thread = discord.add_channel(
        discord.guild_id, "release-thread", kind="thread", parent_id=parent.id
    )
    discord.add_messages(
        thread["id"],
        [
            {"content": "can someone update the changelog before the release tomorrow?"},
            {"content": "I'll take that"},
        ],
    )

    _sweep(world)

    thread_row = Channel.objects.get(id=int(thread["id"]))
    assert thread_row.parent == parent
    assert ChannelCursor.objects.filter(channel=thread_row).exists()
    from_thread = ActionItem.objects.filter(jump_url__contains=f"/{thread['id']}/")
    assert from_thread.exists()
    assert {item.channel_id for item in from_thread} == {parent.id}


def test_a_channels_outcome_counts_the_messages_of_the_channel_and_its_threads(discord, world):
    parent = world.channels[0]
    thread = discord.add_channel(discord.guild_id, "thread", kind="thread", parent_id=parent.id)
    discord.add_messages(thread["id"], [{"content": "one"}, {"content": "two"}])
    sweep = sweep_request(guild=world.guild, trigger=Sweep.Trigger.API)

    outcome = sweep_channel(sweep_claim(sweep_id=sweep.pk), parent)

    assert outcome.messages == 260 + 2
    assert outcome.error == ""


def test_privacy_mode_keeps_no_excerpt_and_redacts_the_text(discord, world):
    world.guild.config.privacy_mode_enabled = True
    world.guild.config.save()
    discord.add_messages(
        world.channels[0].id,
        ["<@424242424242> please email the contract to jo@example.com by Friday"],
    )

    _sweep(world)

    items = ActionItem.objects.filter(guild=world.guild)
    assert items.exists()
    assert not items.exclude(excerpt="").exists()
    assert not any("@example.com" in item.text or "<@" in item.text for item in items)
    digest = str(discord.posted(world.output.id))
    assert "<@" not in digest


@pytest.mark.parametrize(
    ("privacy", "text"),
    [
        (False, "Pay Carol back for the venue deposit"),
        (True, "Pay [someone] back for the venue deposit"),
    ],
)
def test_a_member_an_item_is_about_is_named_only_outside_privacy_mode(
    discord, world, privacy, text
):
    world.guild.config.privacy_mode_enabled = privacy
    world.guild.config.save()
    carol = discord.cast[2]
    discord.add_messages(
        world.channels[0].id, [f"I'll pay <@{carol['id']}> back for the venue deposit tonight"]
    )

    _sweep(world)

    item = ActionItem.objects.get(guild=world.guild, text=text)
    assert item.summary == f"{' '.join(text.split()[:5])}… in #{world.channels[0].name}"


def test_a_deleted_channel_is_recorded_and_the_others_go_on(discord, world):
    discord.delete_channel(world.channels[1].id)

    sweep = _sweep(world)

    assert sweep.status == Sweep.Status.COMPLETED
    assert sweep.channels_processed == 2
    assert "dev-chat" in sweep.error
    stat = SweepChannelStat.objects.get(sweep=sweep, channel=world.channels[1])
    assert stat.error.startswith("unavailable")
    assert not ChannelCursor.objects.filter(channel=world.channels[1]).exists()


def test_a_server_error_leaves_the_cursor_and_the_next_sweep_retries(discord, world, settings):
    discord.fail_always(world.channels[2].id, status=500)

    failed = _sweep(world)

    stat = SweepChannelStat.objects.get(sweep=failed, channel=world.channels[2])
    assert stat.error.startswith("Discord error")
    assert not ChannelCursor.objects.filter(channel=world.channels[2]).exists()
    discord.clear_faults()

    retried = _sweep(world)

    assert (
        SweepChannelStat.objects.get(sweep=retried, channel=world.channels[2]).messages_processed
        == 260
    )


def test_a_rate_limit_is_waited_out(discord, world):
    discord.fail_next(world.channels[0].id, status=429, retry_after=0.3, times=2)

    sweep = _sweep(world)

    assert sweep.status == Sweep.Status.COMPLETED
    assert sweep.channels_processed == 3


def test_every_channel_failing_fails_the_sweep(discord, world):
    for channel in world.channels:
        discord.forbid(channel.id)

    sweep = _sweep(world)

    assert sweep.status == Sweep.Status.FAILED
    assert sweep.error.count("unavailable") == 3


def test_a_hanging_discord_is_bounded(discord, world):
    discord.hang(world.channels[0].id, seconds=10, times=5)

    sweep = _sweep(world)

    stat = SweepChannelStat.objects.get(sweep=sweep, channel=world.channels[0])
    assert "timed out" in stat.error
