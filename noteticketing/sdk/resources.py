"""One class per group of endpoints; each method is one request and returns plain dicts.

Ids are strings (Discord snowflakes outgrow JavaScript numbers, and the API keeps them
as strings too). A parameter left ``None`` is not sent, so the API's default applies.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from noteticketing.client import Client

Json = dict[str, Any]
PERIODS = ("1d", "7d", "30d", "90d")


def path(*segments: str) -> str:
    return "".join("/" + quote(str(segment), safe="") for segment in segments)


def merged(data: Json | None, fields: Json) -> Json:
    """A body given as a dict, as keyword arguments, or both (the keywords win)."""
    return {**(data or {}), **fields}


class Resource:
    def __init__(self, client: Client) -> None:
        self._client = client

    def _get(self, url: str, **params: Any) -> Any:
        return self._client.request("GET", url, params=params)


class Guilds(Resource):
    def list(self) -> Json:
        return self._get("/guilds")

    def get(self, guild_id: str) -> Json:
        return self._get(path("guilds", guild_id))

    def channels(self, guild_id: str) -> Json:
        return self._get(path("guilds", guild_id, "channels"))

    def stats(self, guild_id: str, period: str = "7d") -> Json:
        return self._get(path("guilds", guild_id, "stats"), period=period)

    def get_config(self, guild_id: str) -> Json:
        return self._get(path("guilds", guild_id, "config"))

    def update_config(self, guild_id: str, changes: Json | None = None, **fields: Any) -> Json:
        """Change any of ``active``, ``privacy_mode_enabled``, ``channels_to_monitor``,
        ``todo_channel_id``, ``sweep_output_channel_id``, ``sweep_interval_hours``."""
        body = merged(changes, fields)
        return self._client.request("PATCH", path("guilds", guild_id, "config"), json=body)

    def monitor_channel(self, guild_id: str, channel_id: str) -> Json:
        url = path("guilds", guild_id, "channels", "monitor")
        return self._client.request("POST", url, json={"channel_id": channel_id})

    def unmonitor_channel(self, guild_id: str, channel_id: str) -> None:
        url = path("guilds", guild_id, "channels", "monitor", channel_id)
        return self._client.request("DELETE", url)


class ActionItems(Resource):
    def list(
        self,
        guild_id: str,
        *,
        status: str | None = None,
        priority: str | None = None,
        channel_id: str | None = None,
        assigned_to: str | None = None,
        sort: str | None = None,
        order: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> Json:
        """One page: ``{"action_items": [...], "total", "limit", "offset"}``."""
        return self._get(
            path("guilds", guild_id, "action-items"),
            status=status,
            priority=priority,
            channel_id=channel_id,
            assigned_to=assigned_to,
            sort=sort,
            order=order,
            limit=limit,
            offset=offset,
        )

    def iter(self, guild_id: str, *, page_size: int = 100, **filters: Any) -> Iterator[Json]:
        """Every item matching ``filters`` (as ``list`` takes them), page after page."""
        offset = 0
        while True:
            page = self.list(guild_id, limit=page_size, offset=offset, **filters)
            yield from page["action_items"]
            offset += len(page["action_items"])
            if not page["action_items"] or offset >= page["total"]:
                return

    def get(self, guild_id: str, item_id: str) -> Json:
        return self._get(path("guilds", guild_id, "action-items", item_id))

    def create(self, guild_id: str, data: Json | None = None, **fields: Any) -> Json:
        """``channel_id`` and ``text`` are required; ``summary``, ``priority``,
        ``category``, ``assigned_to``, ``due_date`` optional."""
        url = path("guilds", guild_id, "action-items")
        return self._client.request("POST", url, json=merged(data, fields))

    def update(self, guild_id: str, item_id: str, data: Json | None = None, **fields: Any) -> Json:
        url = path("guilds", guild_id, "action-items", item_id)
        return self._client.request("PUT", url, json=merged(data, fields))

    def delete(self, guild_id: str, item_id: str) -> None:
        return self._client.request("DELETE", path("guilds", guild_id, "action-items", item_id))

    def set_status(self, guild_id: str, item_id: str, status: str) -> Json:
        url = path("guilds", guild_id, "action-items", item_id, "status")
        return self._client.request("PATCH", url, json={"status": status})


class Sweeps(Resource):
    def status(self, guild_id: str) -> Json:
        return self._get(path("guilds", guild_id, "sweep", "status"))

    def trigger(
        self, guild_id: str, channel_ids: list[str] | None = None, *, force: bool = False
    ) -> Json:
        """Queue a sweep (all monitored channels unless ``channel_ids``); 409 while one runs."""
        body: Json = {"force": force}
        if channel_ids is not None:
            body["channel_ids"] = channel_ids
        return self._client.request("POST", path("guilds", guild_id, "sweep", "trigger"), json=body)

    def history(
        self, guild_id: str, *, limit: int | None = None, offset: int | None = None
    ) -> Json:
        return self._get(path("guilds", guild_id, "sweep", "history"), limit=limit, offset=offset)


class Analytics(Resource):
    def overview(self, guild_id: str, period: str = "30d") -> Json:
        return self._get(path("guilds", guild_id, "analytics"), period=period)

    def action_items(self, guild_id: str, period: str = "30d") -> Json:
        return self._get(path("guilds", guild_id, "analytics", "action-items"), period=period)


class Permissions(Resource):
    def get(self, guild_id: str, user_id: str) -> Json:
        return self._get(path("guilds", guild_id, "users", user_id, "permissions"))

    def set(self, guild_id: str, user_id: str, permissions: dict[str, bool]) -> Json:
        """Set any of ``can_configure_bot``, ``can_manage_action_items``,
        ``can_view_analytics``, ``can_trigger_sweeps``."""
        url = path("guilds", guild_id, "users", user_id, "permissions")
        return self._client.request("PUT", url, json={"permissions": permissions})


class Privacy(Resource):
    def audit(
        self,
        guild_id: str,
        *,
        action: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> Json:
        url = path("guilds", guild_id, "privacy", "audit")
        return self._get(url, action=action, limit=limit, offset=offset)

    def export(
        self,
        guild_id: str,
        to: str | os.PathLike | IO[bytes],
        *,
        format: str = "json",
        include_audit: bool = False,
    ) -> int:
        """Stream the guild's export into a file (a path, or a binary file object).

        JSON, CSV, or with CSV and ``include_audit`` a zip. Returns the bytes written;
        a path is removed again if the download fails halfway.
        """
        url = path("guilds", guild_id, "export")
        params = {"format": format, "include_audit": include_audit}
        if hasattr(to, "write"):
            return self._client.download(url, params, to)
        try:
            with open(to, "wb") as file:
                return self._client.download(url, params, file)
        except BaseException:
            Path(to).unlink(missing_ok=True)
            raise

    def delete_user_data(self, guild_id: str, user_id: str) -> Json:
        """Erase what the guild keeps about a user (the audit log keeps its entries)."""
        return self._client.request("DELETE", path("guilds", guild_id, "users", user_id, "data"))


class Webhooks(Resource):
    def list(self, guild_id: str) -> Json:
        return self._get(path("guilds", guild_id, "webhooks"))

    def create(self, guild_id: str, url: str, events: list[str]) -> Json:
        """The answer carries the endpoint's ``secret``, shown this once."""
        body = {"url": url, "events": events}
        return self._client.request("POST", path("guilds", guild_id, "webhooks"), json=body)

    def get(self, guild_id: str, webhook_id: str) -> Json:
        return self._get(path("guilds", guild_id, "webhooks", webhook_id))

    def update(
        self, guild_id: str, webhook_id: str, data: Json | None = None, **fields: Any
    ) -> Json:
        """Change any of ``url``, ``events``, ``active``."""
        url = path("guilds", guild_id, "webhooks", webhook_id)
        return self._client.request("PATCH", url, json=merged(data, fields))

    def delete(self, guild_id: str, webhook_id: str) -> None:
        return self._client.request("DELETE", path("guilds", guild_id, "webhooks", webhook_id))

    def rotate_secret(self, guild_id: str, webhook_id: str) -> Json:
        url = path("guilds", guild_id, "webhooks", webhook_id, "rotate-secret")
        return self._client.request("POST", url)

    def test(self, guild_id: str, webhook_id: str) -> Json:
        """Send a ``ping`` event; returns the queued delivery."""
        return self._client.request(
            "POST", path("guilds", guild_id, "webhooks", webhook_id, "test")
        )

    def deliveries(
        self,
        guild_id: str,
        webhook_id: str,
        *,
        limit: int | None = None,
        offset: int | None = None,
    ) -> Json:
        url = path("guilds", guild_id, "webhooks", webhook_id, "deliveries")
        return self._get(url, limit=limit, offset=offset)

    def redeliver(self, guild_id: str, webhook_id: str, delivery_id: str) -> Json:
        """Send a finished delivery again (409 while it is still pending)."""
        url = path("guilds", guild_id, "webhooks", webhook_id, "deliveries", delivery_id)
        return self._client.request("POST", url + "/redeliver")
