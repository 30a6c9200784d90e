"""The Python SDK: ``noteticketing.Client``, a thin, retrying client of the REST API.

    import noteticketing
    api = noteticketing.Client(api_key="your_api_key_here")
    action_items = api.action_items.list(guild_id="123456789", status="pending")
    api.guilds.update_config("123456789", {"sweep_interval_hours": 4, "active": True})

It needs httpx and nothing else: no Django, no settings.
"""

import os
import time
from typing import IO, Any

import httpx

from noteticketing.sdk import resources
from noteticketing.sdk.errors import APIConnectionError, error_from_response
from noteticketing.sdk.retries import parse_retry_after, retry_wait

DEFAULT_BASE_URL = "https://api.noteticketing.com/v1"
VERSION = "1.0.0"


class Client:
    """A client of one API key.

    ``base_url`` defaults to ``$NOTETICKETING_BASE_URL``, else the hosted API;
    ``api_key`` to ``$NOTETICKETING_API_KEY``. A 429 is retried after its
    ``Retry-After``; a 5xx or a connection error only for GET, HEAD, OPTIONS, PUT and
    DELETE, with backoff; at most ``max_retries`` times in all. Errors raise an
    ``APIError`` subclass. ``http_client`` lends an ``httpx.Client`` of your own
    (proxies, event hooks, a mock transport).
    """

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        *,
        timeout: float = 30.0,
        max_retries: int = 2,
        http_client: httpx.Client | None = None,
    ) -> None:
        api_key = api_key or os.environ.get("NOTETICKETING_API_KEY")
        if not api_key:
            raise ValueError("An API key is needed: Client(api_key=...) or NOTETICKETING_API_KEY")
        self.base_url = (
            base_url or os.environ.get("NOTETICKETING_BASE_URL") or DEFAULT_BASE_URL
        ).rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self._headers = {
            "Authorization": f"Bearer {api_key}",
            "Accept": "application/json",
            "User-Agent": f"noteticketing-python/{VERSION}",
        }
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client()
        self._sleep = time.sleep
        self.guilds = resources.Guilds(self)
        self.action_items = resources.ActionItems(self)
        self.sweeps = resources.Sweeps(self)
        self.analytics = resources.Analytics(self)
        self.permissions = resources.Permissions(self)
        self.privacy = resources.Privacy(self)
        self.webhooks = resources.Webhooks(self)

    def request(
        self, method: str, path: str, *, params: dict | None = None, json: Any = None
    ) -> Any:
        """One API call by hand: the decoded JSON answer, or ``None`` for a 204."""
        response = self._send(method, path, params=params, json=json)
        if response.status_code == 204 or not response.content:
            return None
        return response.json()

    def download(self, path: str, params: dict, file: IO[bytes]) -> int:
        """Stream a GET's body into ``file``; returns the bytes written."""
        response = self._send("GET", path, params=params, stream=True)
        written = 0
        try:
            for chunk in response.iter_bytes():
                file.write(chunk)
                written += len(chunk)
        except httpx.TransportError as error:
            raise APIConnectionError(f"GET {path}: {error}") from error
        finally:
            response.close()
        return written

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _send(
        self, method: str, path: str, *, params: dict | None, json: Any = None, stream=False
    ) -> httpx.Response:
        request = self._http.build_request(
            method,
            self.base_url + path,
            params=_query(params),
            json=json,
            headers=self._headers,
            timeout=self.timeout,
        )
        attempt = 0
        while True:
            try:
                response = self._http.send(request, stream=stream)
            except httpx.TransportError as error:
                wait = self._wait(method, None, None, attempt)
                if wait is None:
                    raise APIConnectionError(f"{method} {path}: {error}") from error
            else:
                if response.status_code < 400:
                    return response
                response.read()
                response.close()
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                wait = self._wait(method, response.status_code, retry_after, attempt)
                if wait is None:
                    raise error_from_response(response, retry_after)
            self._sleep(wait)
            attempt += 1

    def _wait(
        self, method: str, status: int | None, retry_after: float | None, attempt: int
    ) -> float | None:
        if attempt >= self.max_retries:
            return None
        return retry_wait(method, status, retry_after, attempt)


def _query(params: dict | None) -> dict[str, str]:
    """Drop unset parameters; booleans as the API spells them."""
    query = {}
    for name, value in (params or {}).items():
        if value is None:
            continue
        query[name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return query
