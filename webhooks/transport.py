"""One HTTP POST to a receiver, bounded in every direction.

It connects to the address the SSRF check approved (the Host header and TLS SNI
carry the name, so certificates are still verified against it), never follows
redirects, ignores proxy settings from the environment, reads at most
``RESPONSE_CAP`` bytes of the answer and gives up after ``WEBHOOK_TIMEOUT_SECONDS``
in all, however slowly the receiver trickles.
"""

import asyncio
import functools
import ssl
import time
from dataclasses import dataclass

import httpx
from django.conf import settings

from webhooks.addresses import Target

RESPONSE_CAP = 4096
USER_AGENT = "NoteTicketing-Webhooks/1.0"


@dataclass(frozen=True)
class Outcome:
    status: int | None = None
    excerpt: str = ""
    error: str = ""
    duration_ms: int = 0
    retry_after: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """Built once: loading the CA bundle costs tens of milliseconds a time."""
    return httpx.create_ssl_context()


async def _post(target: Target, body: bytes, headers: dict[str, str]) -> Outcome:
    timeout = httpx.Timeout(
        settings.WEBHOOK_TIMEOUT_SECONDS, connect=settings.WEBHOOK_CONNECT_TIMEOUT_SECONDS
    )
    headers = headers | {
        "Host": target.host_header,
        "User-Agent": USER_AGENT,
        "Accept-Encoding": "identity",
    }
    extensions = {} if target.host == target.address else {"sni_hostname": target.host}
    async with httpx.AsyncClient(
        timeout=timeout, follow_redirects=False, trust_env=False, verify=_tls_context()
    ) as http:
        request = http.build_request(
            "POST", target.pinned_url, content=body, headers=headers, extensions=extensions
        )
        response = await http.send(request, stream=True)
        try:
            received = b""
            async for chunk in response.aiter_raw():
                received += chunk
                if len(received) >= RESPONSE_CAP:
                    break
        finally:
            await response.aclose()
    return Outcome(
        status=response.status_code,
        excerpt=received[:RESPONSE_CAP].decode("utf-8", "replace"),
        retry_after=response.headers.get("Retry-After"),
    )


def post(target: Target, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST the body; a failure to connect or answer is an outcome with an error, not raised."""
    started = time.monotonic()

    async def bounded() -> Outcome:
        async with asyncio.timeout(settings.WEBHOOK_TIMEOUT_SECONDS):
            return await _post(target, body, headers)

    try:
        outcome = asyncio.run(bounded())
    except TimeoutError:
        outcome = Outcome(error="Timed out")
    except httpx.TimeoutException as error:
        outcome = Outcome(error=f"Timed out ({type(error).__name__})")
    except httpx.HTTPError as error:
        outcome = Outcome(error=f"{type(error).__name__}: {error}"[:500])
    duration_ms = round((time.monotonic() - started) * 1000)
    return Outcome(**(outcome.__dict__ | {"duration_ms": duration_ms}))
