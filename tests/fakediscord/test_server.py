"""The fake Discord answers as Discord does: reached here with plain urllib from sync code."""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

import pytest


@dataclass
class Answer:
    status: int
    headers: dict
    body: object


def fetch(fake, method: str, path: str, body=None, token: str | None = None) -> Answer:
    request = urllib.request.Request(
        fake.api_base + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bot {token or fake.token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return Answer(response.status, dict(response.headers), json.load(response))
    except urllib.error.HTTPError as error:
        raw = error.read().decode()
        is_json = error.headers.get("Content-Type") == "application/json"
        return Answer(error.code, dict(error.headers), json.loads(raw) if is_json else raw)


def ids(messages) -> list[str]:
    return [message["id"] for message in messages]


@pytest.fixture
def said(fake_discord) -> list[dict]:
    return fake_discord.generate_messages(fake_discord.general_id, 120)


def test_a_wrong_token_is_401(fake_discord):
    answer = fetch(fake_discord, "GET", "/users/@me", token="wrong")

    assert (answer.status, answer.body) == (401, {"message": "401: Unauthorized", "code": 0})


def test_login_answers_the_bot_user_with_rate_limit_headers(fake_discord):
    answer = fetch(fake_discord, "GET", "/users/@me")

    assert answer.body["bot"] is True
    assert answer.headers["Content-Type"] == "application/json"  # discord.py wants it exact
    assert answer.headers["X-RateLimit-Limit"] == "50"
    assert answer.headers["X-RateLimit-Remaining"] == "49"
    assert float(answer.headers["X-RateLimit-Reset-After"]) <= 1
    assert answer.headers["X-RateLimit-Bucket"]


def test_history_is_newest_first_whatever_the_anchor(fake_discord, said):
    path = f"/channels/{fake_discord.general_id}/messages"

    assert ids(fetch(fake_discord, "GET", path).body) == ids(reversed(said[-50:]))
    after = fetch(fake_discord, "GET", f"{path}?after={said[9]['id']}&limit=5").body
    assert ids(after) == ids(reversed(said[10:15]))
    before = fetch(fake_discord, "GET", f"{path}?before={said[9]['id']}&limit=5").body
    assert ids(before) == ids(reversed(said[4:9]))
    around = fetch(fake_discord, "GET", f"{path}?around={said[50]['id']}&limit=4").body
    assert ids(around) == ids(reversed(said[48:52]))


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "after=abc"])
def test_history_refuses_bad_parameters(fake_discord, query):
    answer = fetch(fake_discord, "GET", f"/channels/{fake_discord.general_id}/messages?{query}")

    assert (answer.status, answer.body["code"]) == (400, 50035)


def test_messages_look_like_discords(fake_discord):
    bob = fake_discord.cast[1]
    ask, reply = fake_discord.add_messages(
        fake_discord.general_id,
        [f"<@{bob['id']}> can you fix it?", {"content": "on it", "reply_to_index": 0}],
    )

    assert ask["mentions"] == [bob]
    assert ask["type"] == 0
    assert ask["timestamp"] < reply["timestamp"]
    assert int(ask["id"]) < int(reply["id"])
    assert reply["type"] == 19
    assert reply["message_reference"]["message_id"] == ask["id"]
    [newest, _] = fetch(fake_discord, "GET", f"/channels/{fake_discord.general_id}/messages").body
    assert newest["referenced_message"]["id"] == ask["id"]


def test_a_generated_conversation_has_asks_and_volunteers(fake_discord, said):
    assert sum(bool(m["mentions"]) for m in said) >= 10
    assert sum("message_reference" in m for m in said) >= 5
    assert len({m["author"]["id"] for m in said}) == len(fake_discord.cast)


def test_posting_and_editing_are_recorded(fake_discord):
    path = f"/channels/{fake_discord.general_id}/messages"
    posted = fetch(fake_discord, "POST", path, {"content": "digest"}).body
    fetch(fake_discord, "PATCH", f"{path}/{posted['id']}", {"embeds": [{"title": "t"}]})

    [now] = fake_discord.posted(fake_discord.general_id)
    assert (now["content"], now["embeds"]) == ("digest", [{"title": "t"}])
    assert now["edited_timestamp"]
    assert [e["payload"] for e in fake_discord.edits()] == [{"embeds": [{"title": "t"}]}]
    assert fake_discord.messages_in(fake_discord.general_id)[-1]["id"] == posted["id"]


def test_only_the_bots_own_messages_can_be_edited(fake_discord, said):
    path = f"/channels/{fake_discord.general_id}/messages/{said[0]['id']}"

    assert fetch(fake_discord, "PATCH", path, {"content": "x"}).body["code"] == 50005


def test_a_429_carries_discords_headers_and_body(fake_discord):
    fake_discord.fail_next(fake_discord.general_id, status=429, retry_after=1.5)

    answer = fetch(fake_discord, "GET", f"/channels/{fake_discord.general_id}")

    assert answer.status == 429
    assert answer.body == {
        "message": "You are being rate limited.",
        "retry_after": 1.5,
        "global": False,
    }
    assert answer.headers["Via"] == "1.1 google"
    assert answer.headers["Retry-After"] == "2"
    assert answer.headers["X-RateLimit-Remaining"] == "0"
    assert answer.headers["X-RateLimit-Reset-After"] == "1.500"
    assert answer.headers["X-RateLimit-Scope"] == "user"
    assert fetch(fake_discord, "GET", f"/channels/{fake_discord.general_id}").status == 200


def test_faults_match_their_target_and_last_as_told(fake_discord):
    other = fake_discord.add_channel(fake_discord.guild_id, "other")["id"]
    fake_discord.fail_next(fake_discord.general_id, status=503, times=2)
    fake_discord.fail_always(other, status=500, method="POST")
    general, other_path = f"/channels/{fake_discord.general_id}", f"/channels/{other}/messages"

    assert [fetch(fake_discord, "GET", general).status for _ in range(3)] == [503, 503, 200]
    assert fetch(fake_discord, "GET", other_path).status == 200
    assert fetch(fake_discord, "POST", other_path, {"content": "x"}).status == 500
    assert fetch(fake_discord, "POST", other_path, {"content": "x"}).status == 500
    fake_discord.clear_faults()
    assert fetch(fake_discord, "POST", other_path, {"content": "x"}).status == 200


def test_a_real_rate_limit_when_a_bucket_is_spent(fake_discord):
    fake_discord.set_rate_limit(2, 60)
    path = f"/channels/{fake_discord.general_id}"

    statuses = [fetch(fake_discord, "GET", path).status for _ in range(3)]

    assert statuses == [200, 200, 429]
    # Buckets are per channel, as Discord's major parameters are.
    other = fake_discord.add_channel(fake_discord.guild_id, "other")["id"]
    assert fetch(fake_discord, "GET", f"/channels/{other}").status == 200


def test_the_request_log(fake_discord):
    fetch(fake_discord, "GET", f"/channels/{fake_discord.general_id}/messages?limit=7")

    [request] = fake_discord.requests_to("GET", "/channels/*/messages")
    assert (request.query, request.status) == ({"limit": "7"}, 200)


def test_threads_active_and_archived(fake_discord):
    guild, general = fake_discord.guild_id, fake_discord.general_id
    live = fake_discord.add_channel(guild, "live", "thread", general)
    old = fake_discord.add_channel(guild, "old", "thread", general)
    fake_discord.archive_thread(old["id"])

    active = fetch(fake_discord, "GET", f"/guilds/{guild}/threads/active").body
    archived = fetch(fake_discord, "GET", f"/channels/{general}/threads/archived/public").body

    assert ids(active["threads"]) == [live["id"]]
    assert (ids(archived["threads"]), archived["has_more"]) == ([old["id"]], False)
    assert ids(fetch(fake_discord, "GET", f"/guilds/{guild}/channels").body) == [str(general)]


def test_the_gateway_url_points_at_the_fake(fake_discord):
    body = fetch(fake_discord, "GET", "/gateway/bot").body

    assert body["url"] == f"ws://127.0.0.1:{fake_discord.port}/gateway"
