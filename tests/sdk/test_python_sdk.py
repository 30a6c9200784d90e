"""The Python SDK against the real server (gunicorn, a Celery worker, a seeded database).

Tests share one live server, so each makes what it changes (items, webhooks, users)
and reads the seeded demo guild only where nothing else changes it.
"""

import csv
import io
import json
import time
import zipfile

import httpx
import pytest

import noteticketing
from tests.polling import wait_for
from tests.webhooks.receiver import Receiver

PERMISSIONS = ["can_configure_bot", "can_manage_action_items", "can_view_analytics"]
ALL_OFF = dict.fromkeys([*PERMISSIONS, "can_trigger_sweeps"], False)


@pytest.fixture
def api(live_api):
    with noteticketing.Client(api_key=live_api.api_key, base_url=live_api.base_url) as client:
        yield client


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


def _item(api, live_api, **fields):
    body = {"channel_id": live_api.channel_ids[0], "text": "Book the venue for the launch party"}
    return api.action_items.create(live_api.guild_id, {**body, **fields})


def test_the_spec_example_runs_as_written(live_api, monkeypatch):
    monkeypatch.setenv("NOTETICKETING_BASE_URL", live_api.base_url)
    your_api_key_here = live_api.api_key

    import noteticketing

    api = noteticketing.Client(api_key=your_api_key_here)
    action_items = api.action_items.list(guild_id="123456789", status="pending")
    api.guilds.update_config("123456789", {"sweep_interval_hours": 4, "active": True})

    assert action_items["action_items"]
    assert {item["status"] for item in action_items["action_items"]} == {"pending"}
    config = api.guilds.get_config("123456789")
    assert config["sweep_interval_hours"] == 4
    assert config["active"] is True


def test_the_base_url_defaults_to_the_hosted_api(monkeypatch):
    monkeypatch.delenv("NOTETICKETING_BASE_URL", raising=False)
    assert noteticketing.Client(api_key="k").base_url == "https://api.noteticketing.com/v1"


def test_guilds(api, live_api):
    guild_id = live_api.guild_id

    listed = api.guilds.list()
    guild = api.guilds.get(guild_id)
    channels = api.guilds.channels(guild_id)["channels"]
    stats = api.guilds.stats(guild_id, period="30d")

    assert listed["total"] == 1
    assert listed["guilds"][0] == guild
    assert guild["id"] == guild_id
    assert [channel["id"] for channel in channels] == live_api.channel_ids
    assert stats["period"] == "30d"


def test_guild_config_and_monitored_channels(api, live_api):
    guild_id, announcements = live_api.guild_id, live_api.channel_ids[2]

    updated = api.guilds.update_config(guild_id, privacy_mode_enabled=True)
    assert updated["privacy_mode_enabled"] is True
    assert (
        api.guilds.update_config(guild_id, {"privacy_mode_enabled": False})["privacy_mode_enabled"]
        is False
    )

    channel = api.guilds.monitor_channel(guild_id, announcements)
    assert channel["monitored"] is True
    assert announcements in api.guilds.get_config(guild_id)["channels_to_monitor"]
    assert api.guilds.unmonitor_channel(guild_id, announcements) is None
    assert announcements not in api.guilds.get_config(guild_id)["channels_to_monitor"]


def test_an_action_item_from_creation_to_deletion(api, live_api):
    guild_id = live_api.guild_id

    created = _item(api, live_api, priority="high", category="project", assigned_to="user456")
    item_id = created["id"]
    assert api.action_items.get(guild_id=guild_id, item_id=item_id) == created

    updated = api.action_items.update(guild_id, item_id, text="Book the venue - UPDATED")
    assert updated["text"] == "Book the venue - UPDATED"
    assert updated["priority"] == "high"
    assert api.action_items.set_status(guild_id, item_id, "completed")["status"] == "completed"
    assert api.action_items.delete(guild_id, item_id) is None

    with pytest.raises(noteticketing.NotFoundError) as error:
        api.action_items.get(guild_id, item_id)
    assert error.value.status == 404
    assert error.value.code == "NOT_FOUND"
    assert error.value.request_id.startswith("req_")


def test_listing_filters_and_sorts(api, live_api):
    high = api.action_items.list(
        live_api.guild_id, priority="high", sort="created_at", order="asc", limit=2
    )

    assert high["limit"] == 2
    assert len(high["action_items"]) == min(2, high["total"])
    assert all(item["priority"] == "high" for item in high["action_items"])


def test_iter_walks_every_page_to_the_end(api, live_api):
    for index in range(3):
        _item(api, live_api, text=f"Paginated item {index}", assigned_to="pager01")
    everything = api.action_items.list(live_api.guild_id, limit=100)

    walked = list(api.action_items.iter(live_api.guild_id, page_size=5, sort="created_at"))
    mine = list(api.action_items.iter(live_api.guild_id, page_size=2, assigned_to="pager01"))

    assert everything["total"] > 5
    assert len(walked) == everything["total"]
    assert len({item["id"] for item in walked}) == everything["total"]
    assert sorted(item["text"] for item in mine) == [f"Paginated item {i}" for i in range(3)]


def test_sweeps(api, live_api):
    guild_id = live_api.guild_id

    status = api.sweeps.status(guild_id)
    sweep = api.sweeps.trigger(guild_id, [live_api.channel_ids[0]], force=True)
    history = api.sweeps.history(guild_id, limit=5)

    assert status["guild_id"] == guild_id
    assert sweep["id"]
    assert history["limit"] == 5
    assert sweep["id"] in [entry["id"] for entry in history["sweeps"]]


def test_analytics(api, live_api):
    overview = api.analytics.overview(live_api.guild_id, period="7d")
    breakdown = api.analytics.action_items(live_api.guild_id)

    assert overview["period"] == "7d"
    assert len(overview["trends"]["action_items_per_day"]) == 7
    assert breakdown["period"] == "30d"
    assert set(breakdown["by_priority"]) >= {"high", "medium", "low"}


def test_permissions(api, live_api):
    granted = api.permissions.set(live_api.guild_id, "helper01", {"can_view_analytics": True})
    read = api.permissions.get(live_api.guild_id, "helper01")

    assert granted == read
    assert read["user_id"] == "helper01"
    assert read["permissions"]["can_view_analytics"] is True
    assert read["permissions"]["can_configure_bot"] is False


def test_the_audit_log_and_erasure(api, live_api):
    api.permissions.set(live_api.guild_id, "erased01", {"can_view_analytics": True})
    _item(api, live_api, assigned_to="erased01")

    erased = api.privacy.delete_user_data(live_api.guild_id, "erased01")
    audit = api.privacy.audit(live_api.guild_id, action="data_deletion", limit=10)

    assert erased
    assert audit["limit"] == 10
    assert audit["audit_logs"][0]["action"] == "data_deletion"
    with pytest.raises(noteticketing.NotFoundError):
        api.permissions.get(live_api.guild_id, "erased01")


def test_export_streams_into_a_file(api, live_api, tmp_path):
    as_json, as_csv, as_zip = tmp_path / "e.json", tmp_path / "e.csv", tmp_path / "e.zip"

    written = api.privacy.export(live_api.guild_id, as_json)
    api.privacy.export(live_api.guild_id, str(as_csv), format="csv")
    api.privacy.export(live_api.guild_id, as_zip, format="csv", include_audit=True)
    into = io.BytesIO()
    api.privacy.export(live_api.guild_id, into, format="csv")

    assert written == as_json.stat().st_size
    exported = json.loads(as_json.read_bytes())
    rows = list(csv.DictReader(io.StringIO(as_csv.read_text())))
    assert len(rows) == len(exported["action_items"]) > 0
    assert into.getvalue().splitlines()[0] == as_csv.read_bytes().splitlines()[0]
    with zipfile.ZipFile(as_zip) as archive:
        assert sorted(archive.namelist()) == ["action_items.csv", "audit_logs.csv"]


def test_a_failed_export_leaves_no_file(api, live_api, tmp_path):
    target = tmp_path / "export.txt"

    with pytest.raises(noteticketing.ValidationError) as error:
        api.privacy.export(live_api.guild_id, target, format="xml")

    assert error.value.details["field"] == "format"
    assert not target.exists()


def test_webhooks_signed_by_the_server_verify(api, live_api, receiver):
    guild_id = live_api.guild_id
    hook = api.webhooks.create(guild_id, f"{receiver.url}/hook", ["action_item.created"])
    hook_id = hook["id"]
    assert api.webhooks.get(guild_id, hook_id)["url"] == hook["url"]
    assert hook_id in [listed["id"] for listed in api.webhooks.list(guild_id)["webhooks"]]

    ping = api.webhooks.test(guild_id, hook_id)
    (request,) = receiver.wait_for(1)
    event = noteticketing.verify_webhook(request.body, request.headers, hook["secret"])
    assert event["event"] == "ping"
    assert event["id"] == ping["event_id"]

    def delivered():
        deliveries = api.webhooks.deliveries(guild_id, hook_id, limit=10)["deliveries"]
        return deliveries and deliveries[0]["status"] == "succeeded"

    wait_for(delivered, what="the ping's delivery to succeed")
    again = api.webhooks.redeliver(guild_id, hook_id, ping["id"])
    assert again["status"] == "pending"
    redelivered = receiver.wait_for(2)[1]
    assert noteticketing.verify_webhook(redelivered.body, redelivered.headers, hook["secret"])

    rotated = api.webhooks.rotate_secret(guild_id, hook_id)["secret"]
    created = _item(api, live_api, text="Signed by the server")
    request = receiver.wait_for(3)[2]
    event = noteticketing.verify_webhook(request.body, request.headers, rotated)
    assert event["event"] == "action_item.created"
    assert event["action_item"]["id"] == created["id"]
    with pytest.raises(noteticketing.WebhookVerificationError):
        noteticketing.verify_webhook(request.body, request.headers, hook["secret"])

    paused = api.webhooks.update(guild_id, hook_id, active=False)
    assert paused["active"] is False
    with pytest.raises(noteticketing.ConflictError) as error:
        api.webhooks.test(guild_id, hook_id)
    assert error.value.status == 409
    assert error.value.code == "CONFLICT"
    assert error.value.request_id.startswith("req_")
    assert api.webhooks.delete(guild_id, hook_id) is None
    with pytest.raises(noteticketing.NotFoundError):
        api.webhooks.get(guild_id, hook_id)


def test_a_validation_error_names_the_field(api, live_api):
    with pytest.raises(noteticketing.ValidationError) as error:
        api.action_items.list(live_api.guild_id, priority="urgent")

    assert error.value.status == 400
    assert error.value.code == "VALIDATION_ERROR"
    assert error.value.details["field"] == "priority"
    assert error.value.request_id.startswith("req_")


def test_an_unknown_key_is_an_authentication_error(live_api):
    api = noteticketing.Client(api_key="ntk_nothing_here", base_url=live_api.base_url)

    with pytest.raises(noteticketing.AuthenticationError) as error:
        api.guilds.list()

    assert (error.value.status, error.value.code) == (401, "UNAUTHORIZED")
    assert error.value.request_id.startswith("req_")


def test_a_missing_permission_is_permission_denied(api, live_api):
    api.permissions.set(live_api.guild_id, "viewer01", ALL_OFF)
    viewer = noteticketing.Client(
        api_key=live_api.create_key("viewer01"), base_url=live_api.base_url
    )

    assert viewer.guilds.get(live_api.guild_id)["id"] == live_api.guild_id
    with pytest.raises(noteticketing.PermissionDeniedError) as error:
        viewer.analytics.overview(live_api.guild_id)

    assert (error.value.status, error.value.code) == (403, "FORBIDDEN")
    assert error.value.request_id.startswith("req_")


def test_a_guild_the_user_is_not_in_is_not_found(api):
    with pytest.raises(noteticketing.NotFoundError) as error:
        api.guilds.get("999999999")

    assert (error.value.status, error.value.code) == (404, "NOT_FOUND")
    assert error.value.request_id.startswith("req_")


def test_rate_limited_without_retries_raises_rate_limit_error(live_api):
    api = noteticketing.Client(
        api_key=live_api.limited_key, base_url=live_api.base_url, max_retries=0
    )

    def spend_the_window():
        for _ in range(3 * live_api.limited_per_window + 1):
            api.guilds.list()

    with pytest.raises(noteticketing.RateLimitError) as error:
        spend_the_window()

    assert (error.value.status, error.value.code) == (429, "RATE_LIMITED")
    assert error.value.request_id.startswith("req_")
    assert 0 < error.value.retry_after <= live_api.ratelimit_window
    assert error.value.details["limit"] == live_api.limited_per_window


def test_a_429_is_retried_after_retry_after(live_api):
    seen = []

    def record(response):
        seen.append((response.status_code, response.headers.get("Retry-After"), time.monotonic()))

    http = httpx.Client(event_hooks={"response": [record]})
    api = noteticketing.Client(
        api_key=live_api.limited_key, base_url=live_api.base_url, http_client=http
    )

    for _ in range(3 * live_api.limited_per_window):
        assert api.guilds.list()["total"] == 1
        if any(status == 429 for status, _, _ in seen):
            break

    statuses = [status for status, _, _ in seen]
    first = statuses.index(429)
    assert statuses[first + 1] == 200
    _, retry_after, refused_at = seen[first]
    assert seen[first + 1][2] - refused_at >= int(retry_after) - 0.1
