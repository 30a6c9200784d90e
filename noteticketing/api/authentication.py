"""Bearer API-key authentication.

The middleware authenticates every ``/v1/`` request once (so that rate-limit
headers and 401s cover every path, unknown ones included); DRF's authentication
class only hands the principal it found to the views.
"""

import secrets
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import timezone
from rest_framework.authentication import BaseAuthentication

from guilds.models import ApiKey
from noteticketing.api.keys import hash_secret, parse_key
from noteticketing.rawmodels import Table, first, select

LAST_USED_GRANULARITY_SECONDS = 60
_KEYS = Table(ApiKey, "k")
# Every API request runs this lookup; see noteticketing.rawmodels for why it is written out.
_KEY_BY_PREFIX_SQL = f"SELECT {select(_KEYS)} FROM {_KEYS.sql()} WHERE k.prefix = %s"


@dataclass(frozen=True)
class ApiPrincipal:
    """The Discord user an API key acts as."""

    user_id: str
    api_key: ApiKey
    is_authenticated: bool = True


class AuthenticationError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def bearer_token(request: HttpRequest) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate_key(raw: str | None) -> ApiKey:
    """The usable key for a bearer token, or AuthenticationError saying why not."""
    if raw is None:
        raise AuthenticationError("Missing API key: send 'Authorization: Bearer <key>'")
    parsed = parse_key(raw)
    if parsed is None:
        raise AuthenticationError("Invalid API key")
    found = first(_KEY_BY_PREFIX_SQL, [parsed.prefix], _KEYS)
    key = None if found is None else found[0]
    if key is None or not _secret_matches(key, parsed.secret):
        raise AuthenticationError("Invalid API key")
    now = timezone.now()
    if key.revoked_at is not None:
        raise AuthenticationError("API key has been revoked")
    if key.expires_at is not None and key.expires_at <= now:
        raise AuthenticationError("API key has expired")
    _touch(key, now)
    return key


def _secret_matches(key: ApiKey, secret: str) -> bool:
    return secrets.compare_digest(key.secret_hash, hash_secret(secret))


def _touch(key: ApiKey, now) -> None:
    """Record use, at most once a minute per key, to keep writes off the hot path."""
    stale = key.last_used_at is None or (
        (now - key.last_used_at).total_seconds() >= LAST_USED_GRANULARITY_SECONDS
    )
    if stale:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        principal = getattr(request._request, "api_principal", None)
        if principal is None:
            return None
        return principal, principal.api_key

    def authenticate_header(self, request) -> str:
        return "Bearer"
