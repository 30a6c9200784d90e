"""Checking that a webhook request really came from NoteTicketing.

The service signs every delivery twice. ``X-Webhook-Signature: sha256=<hex>`` is an
HMAC-SHA256 of the exact body bytes keyed with the endpoint's secret as written (the
GitHub scheme). The Standard Webhooks headers (``webhook-id``, ``webhook-timestamp``,
``webhook-signature: v1,<base64>``) sign ``"{id}.{timestamp}.{body}"`` keyed with the
bytes the ``whsec_`` secret encodes; only they cover the send time, so only they
protect against a replayed request.
"""

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

DEFAULT_TOLERANCE_SECONDS = 300
SECRET_PREFIX = "whsec_"


class WebhookVerificationError(ValueError):
    """The request is not a genuine, fresh delivery signed with this secret."""


def verify_webhook(
    body: bytes | str,
    headers: Mapping[str, str],
    secret: str,
    *,
    tolerance: float | None = DEFAULT_TOLERANCE_SECONDS,
    require_standard: bool = False,
    now: float | None = None,
) -> dict[str, Any]:
    """Verify a delivery and return its parsed event; raise ``WebhookVerificationError``.

    ``body`` must be the raw bytes as received (a re-serialized dict will not match).
    ``X-Webhook-Signature`` must match. When the Standard Webhooks headers are present
    (or ``require_standard``), their signature must match too and ``webhook-timestamp``
    must lie within ``tolerance`` seconds of now; without them, ``X-Webhook-Timestamp``
    is held to the same tolerance. ``tolerance=None`` skips the time check.
    """
    raw = body.encode() if isinstance(body, str) else bytes(body)
    found = {name.lower(): value for name, value in headers.items()}
    expected = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(found.get("x-webhook-signature", "").encode(), expected.encode()):
        raise WebhookVerificationError("X-Webhook-Signature does not match the body")
    if "webhook-signature" in found or require_standard:
        timestamp = _check_standard(raw, found, secret)
    else:
        timestamp = found.get("x-webhook-timestamp")
    if tolerance is not None and timestamp is not None:
        _check_fresh(timestamp, tolerance, time.time() if now is None else now)
    try:
        return json.loads(raw)
    except ValueError as error:
        raise WebhookVerificationError(f"the body is not JSON: {error}") from None


def _check_standard(raw: bytes, found: dict[str, str], secret: str) -> str:
    message_id = found.get("webhook-id")
    timestamp = found.get("webhook-timestamp")
    signatures = found.get("webhook-signature")
    if not (message_id and timestamp and signatures):
        raise WebhookVerificationError("webhook-id, webhook-timestamp or webhook-signature missing")
    try:
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except binascii.Error:
        raise WebhookVerificationError("the secret is not a whsec_ secret") from None
    signed = f"{message_id}.{timestamp}.".encode() + raw
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest())
    # Several space-separated signatures may be sent while a secret is being rotated.
    for candidate in signatures.split():
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value.encode(), expected):
            return timestamp
    raise WebhookVerificationError("webhook-signature does not match the body")


def _check_fresh(timestamp: str, tolerance: float, now: float) -> None:
    try:
        sent = int(timestamp)
    except ValueError:
        raise WebhookVerificationError(f"malformed timestamp {timestamp!r}") from None
    if abs(now - sent) > tolerance:
        raise WebhookVerificationError(
            f"timestamp {sent} is more than {tolerance:g} seconds from now; a replay?"
        )
