"""DiscordRest against the fake Discord (``fake_discord``, tests/fakediscord/fixtures.py),
through the real discord.py HTTP layer."""

import asyncio
import time

import pytest

from bot.discord_rest import DiscordRest
from bot.errors import (
    ChannelUnavailable,
    DiscordError,
    DiscordLoginFailed,
    DiscordRejected,
    DiscordUnavailable,
    GuildUnavailable,
    MessageUnavailable,
)

MESSAGES = "/channels/*/messages"


def connect(fake, **options) -> DiscordRest:
    """Short timeouts and back-off, so failure paths take a fraction of a second."""
    return DiscordRest(
        fake.token, fake.api_base, **{"timeout": 2.0, "server_error_backoff": 0.05, **options}
    )


def history(fake, channel_id, after, **options) -> list[list[dict]]:
    async def pages():
        async with connect(fake, **options) as discord_rest:
            return [page async for page in discord_rest.history_after(channel_id, after)]

    return asyncio.run(pages())


def call(fake, method: str, *args, **kwargs):
    async def once():
        async with connect(fake) as discord_rest:
            return await getattr(discord_rest, method)(*args, **kwargs)

    return asyncio.run(once())


def timed(function, *args, **kwargs) -> tuple[object, float]:
    started = time.monotonic()
    try:
        result = function(*args, **kwargs)
    except DiscordError as exc:  # the caller asserts on it
        result = exc
    return result, time.monotonic() - started


def ids(messages) -> list[int]:
    return [int(message["id"]) for message in messages]


# --- logging in -------------------------------------------------------------------------


def test_login_reads_the_bot_user(fake_discord):
    async def login():
        async with connect(fake_discord) as discord_rest:
            return discord_rest.user

    assert asyncio.run(login())["id"] == fake_discord.bot_user["id"]
    [request] = fake_discord.requests
    assert (request.method, request.path, request.status) == ("GET", "/users/@me", 200)


def test_a_bad_token_is_a_login_failure(fake_discord):
    async def login():
        async with DiscordRest("not-the-token", fake_discord.api_base):
            pass

    with pytest.raises(DiscordLoginFailed, match="refused the bot token"):
        asyncio.run(login())
    assert [r.status for r in fake_discord.requests] == [401]


def test_a_closed_port_is_unavailable(fake_discord):
    base = fake_discord.api_base
    fake_discord.stop()

    async def login():
        async with DiscordRest(fake_discord.token, base):
            pass

    with pytest.raises(DiscordUnavailable, match="unreachable"):
        asyncio.run(login())


# --- history ----------------------------------------------------------------------------


def test_history_after_a_cursor_comes_in_pages_oldest_first(fake_discord):
    said = fake_discord.generate_messages(fake_discord.general_id, 260)
    cursor = int(said[9]["id"])

    pages = history(fake_discord, fake_discord.general_id, cursor)

    assert [len(page) for page in pages] == [100, 100, 50]
    received = [message_id for page in pages for message_id in ids(page)]
    assert received == ids(said[10:])  # complete, in order, no duplicates
    requests = fake_discord.requests_to("GET", MESSAGES)
    assert [r.query for r in requests] == [
        {"limit": "100", "after": str(cursor)},
        {"limit": "100", "after": said[109]["id"]},
        {"limit": "100", "after": said[209]["id"]},
    ]


def test_history_without_a_cursor_starts_at_the_beginning(fake_discord):
    said = fake_discord.generate_messages(fake_discord.general_id, 200)

    pages = history(fake_discord, fake_discord.general_id, None)

    assert [message_id for page in pages for message_id in ids(page)] == ids(said)
    # Two full pages cannot tell the end, so a third request finds it empty.
    queries = [r.query for r in fake_discord.requests_to("GET", MESSAGES)]
    assert [q["after"] for q in queries] == ["0", said[99]["id"], said[199]["id"]]


def test_history_of_a_channel_with_nothing_new_is_no_pages(fake_discord):
    said = fake_discord.generate_messages(fake_discord.general_id, 5)

    assert history(fake_discord, fake_discord.general_id, int(said[-1]["id"])) == []


def test_history_keeps_replies_and_mentions(fake_discord):
    asked = fake_discord.add_messages(
        fake_discord.general_id,
        [
            {"author": "alice", "content": f"<@{fake_discord.cast[1]['id']}> deploy by Friday?"},
            {"author": "bob", "content": "I'll take it", "reply_to_index": 0},
        ],
    )

    [[ask, reply]] = history(fake_discord, fake_discord.general_id, None)

    assert ask["mentions"][0]["username"] == "bob"
    assert reply["type"] == 19
    assert reply["message_reference"]["message_id"] == asked[0]["id"]
    assert reply["author"]["username"] == "bob"


# --- threads ----------------------------------------------------------------------------


def test_active_threads_of_a_guild(fake_discord):
    guild = fake_discord.guild_id
    active = fake_discord.add_channel(guild, "release plan", "thread", fake_discord.general_id)
    fake_discord.add_channel(guild, "old", "thread", fake_discord.general_id, archived=True)

    threads = call(fake_discord, "active_threads", guild)

    assert [thread["id"] for thread in threads] == [active["id"]]
    assert threads[0]["parent_id"] == str(fake_discord.general_id)


def test_archived_threads_page_through_all_most_recent_first(fake_discord):
    created = [
        fake_discord.add_channel(fake_discord.guild_id, f"t{n}", "thread", fake_discord.general_id)
        for n in range(130)
    ]
    for thread in created:
        fake_discord.archive_thread(thread["id"])

    threads = call(fake_discord, "archived_threads", fake_discord.general_id)

    assert [t["id"] for t in threads] == [t["id"] for t in reversed(created)]
    requests = fake_discord.requests_to("GET", "/channels/*/threads/archived/public")
    assert len(requests) == 2
    assert requests[1].query["before"] == threads[99]["thread_metadata"]["archive_timestamp"]


# --- posting ----------------------------------------------------------------------------


def test_send_then_edit_a_message(fake_discord):
    channel = fake_discord.general_id
    embed = {"title": "Digest", "description": "3 new action items"}

    async def send_and_edit():
        async with connect(fake_discord) as discord_rest:
            sent = await discord_rest.send_message(channel, content="Sweep done", embeds=[embed])
            edited = await discord_rest.edit_message(channel, int(sent["id"]), content="Updated")
            return sent, edited

    sent, edited = asyncio.run(send_and_edit())

    assert sent["author"]["id"] == fake_discord.bot_user["id"]
    assert edited["id"] == sent["id"]
    [posted] = fake_discord.posted(channel)
    assert (posted["id"], posted["content"], posted["embeds"]) == (sent["id"], "Updated", [embed])
    assert fake_discord.edits(channel) == [
        {"channel_id": str(channel), "message_id": sent["id"], "payload": {"content": "Updated"}}
    ]


def test_a_nonce_posts_once(fake_discord):
    async def post_twice():
        async with connect(fake_discord) as discord_rest:
            return [
                await discord_rest.send_message(fake_discord.general_id, content="hi", nonce="s1")
                for _ in range(2)
            ]

    first, second = asyncio.run(post_twice())

    assert first["id"] == second["id"]
    assert len(fake_discord.posted()) == 1


def test_editing_a_missing_message_says_so(fake_discord):
    with pytest.raises(MessageUnavailable):
        call(fake_discord, "edit_message", fake_discord.general_id, 1234, content="x")


def test_a_bad_request_is_rejected(fake_discord):
    with pytest.raises(DiscordRejected) as caught:
        call(fake_discord, "send_message", fake_discord.general_id, content="")
    assert (caught.value.status, caught.value.code) == (400, 50006)


# --- rate limits ------------------------------------------------------------------------


def test_a_429_is_waited_out_and_retried(fake_discord):
    said = fake_discord.generate_messages(fake_discord.general_id, 3)
    fake_discord.fail_next(fake_discord.general_id, status=429, retry_after=0.5, path=MESSAGES)

    pages, elapsed = timed(history, fake_discord, fake_discord.general_id, None)

    assert ids(pages[0]) == ids(said)
    assert 0.5 <= elapsed < 1.5
    assert [r.status for r in fake_discord.requests_to("GET", MESSAGES)] == [429, 200]


def test_an_exhausted_bucket_is_waited_for_without_a_429(fake_discord):
    fake_discord.set_rate_limit(2, 0.5)

    async def post_five():
        async with connect(fake_discord) as discord_rest:
            for n in range(5):
                await discord_rest.send_message(fake_discord.general_id, content=f"item {n}")

    _, elapsed = timed(asyncio.run, post_five())

    assert len(fake_discord.posted()) == 5
    assert {r.status for r in fake_discord.requests_to("POST", MESSAGES)} == {200}
    assert elapsed >= 0.9  # two full windows waited out


def test_a_rate_limit_longer_than_we_wait_is_unavailable(fake_discord):
    fake_discord.fail_next(fake_discord.general_id, status=429, retry_after=120, path=MESSAGES)

    error, elapsed = timed(history, fake_discord, fake_discord.general_id, None)

    assert isinstance(error, DiscordUnavailable)
    assert error.retry_after == 120
    assert elapsed < 1


def test_a_429_without_via_is_a_cloudflare_ban(fake_discord):
    fake_discord.fail_next(fake_discord.general_id, status=429, via=False, path=MESSAGES)

    with pytest.raises(DiscordUnavailable, match="Cloudflare"):
        history(fake_discord, fake_discord.general_id, None)


# --- permanent and transient failures ---------------------------------------------------


@pytest.mark.parametrize("status", [403, 404])
def test_a_refused_channel_is_unavailable(fake_discord, status):
    fake_discord.fail_always(fake_discord.general_id, status=status)

    with pytest.raises(ChannelUnavailable) as caught:
        history(fake_discord, fake_discord.general_id, None)
    assert (caught.value.channel_id, caught.value.status) == (fake_discord.general_id, status)


def test_deleted_and_forbidden_channels_are_unavailable(fake_discord):
    gone = int(fake_discord.add_channel(fake_discord.guild_id, "gone")["id"])
    fake_discord.delete_channel(gone)
    fake_discord.forbid(fake_discord.general_id)

    with pytest.raises(ChannelUnavailable, match="Unknown Channel"):
        call(fake_discord, "send_message", gone, content="hello")
    with pytest.raises(ChannelUnavailable, match="Missing Access"):
        call(fake_discord, "archived_threads", fake_discord.general_id)


def test_an_unknown_guild_is_unavailable(fake_discord):
    with pytest.raises(GuildUnavailable):
        call(fake_discord, "active_threads", 42)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_persistent_server_errors_are_unavailable_after_a_few_quick_tries(fake_discord, status):
    fake_discord.fail_always(fake_discord.general_id, status=status)

    error, elapsed = timed(history, fake_discord, fake_discord.general_id, None)

    assert isinstance(error, DiscordUnavailable)
    assert error.status == status
    assert len(fake_discord.requests_to("GET", MESSAGES)) == 3
    assert 0.15 <= elapsed < 1  # sleeps of 0.05 + 0.1


def test_with_default_settings_a_persistent_500_takes_three_seconds(fake_discord):
    """discord.py alone would spend 25 s (five tries, sleeps of 1, 3, 5, 7, 9 s)."""
    fake_discord.fail_always(fake_discord.general_id, status=500, path=MESSAGES)

    async def read():
        async with DiscordRest(fake_discord.token, fake_discord.api_base) as discord_rest:
            return [page async for page in discord_rest.history_after(fake_discord.general_id, 0)]

    error, elapsed = timed(asyncio.run, read())

    assert isinstance(error, DiscordUnavailable)
    assert 3 <= elapsed < 4  # sleeps of 1 + 2 s


def test_a_passing_server_error_is_retried(fake_discord):
    said = fake_discord.generate_messages(fake_discord.general_id, 3)
    fake_discord.fail_next(fake_discord.general_id, status=502, path=MESSAGES)

    [page] = history(fake_discord, fake_discord.general_id, None)

    assert ids(page) == ids(said)
    assert [r.status for r in fake_discord.requests_to("GET", MESSAGES)] == [502, 200]


def test_a_post_is_resent_after_a_server_error(fake_discord):
    fake_discord.fail_next(fake_discord.general_id, status=500, method="POST")

    sent = call(fake_discord, "send_message", fake_discord.general_id, content="digest")

    assert fake_discord.posted() == [sent]
    assert [r.json for r in fake_discord.requests_to("POST", MESSAGES)] == [
        {"content": "digest"}
    ] * 2


def test_a_hanging_discord_times_out(fake_discord):
    fake_discord.hang(fake_discord.general_id, seconds=10, path=MESSAGES)

    error, elapsed = timed(history, fake_discord, fake_discord.general_id, None, timeout=1.0)

    assert isinstance(error, DiscordUnavailable)
    assert "timed out" in str(error)
    assert 1 <= elapsed < 2
