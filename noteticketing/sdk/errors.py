"""The API's error envelope as exceptions, one class per error code.

Every error the API answers has the body
``{"error": {"code", "message", "details", "timestamp", "request_id"}}``; an answer
without it (a proxy's 502 page, say) still becomes the class its status calls for.
"""

from typing import Any

import httpx


class APIError(Exception):
    """An error answer of the API, or no answer at all (``status`` is then ``None``)."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str = "",
        details: dict[str, Any] | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.details = details or {}
        self.request_id = request_id

    def __str__(self) -> str:
        where = f" (request {self.request_id})" if self.request_id else ""
        prefix = f"{self.status} {self.code}: " if self.status else ""
        return f"{prefix}{self.message}{where}"


class ValidationError(APIError):
    """400: the request's parameters or body; ``details`` names the field."""


class AuthenticationError(APIError):
    """401: a missing, unknown, revoked or expired API key."""


class PermissionDeniedError(APIError):
    """403: the key's user lacks the permission this needs."""


class NotFoundError(APIError):
    """404: no such resource, or a guild the key's user is not a member of."""


class ConflictError(APIError):
    """409: e.g. a sweep already queued, or a delivery still pending."""


class RateLimitError(APIError):
    """429 after the retries; ``retry_after`` is how many seconds the API asked to wait."""

    def __init__(self, message: str, *, retry_after: float | None = None, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.retry_after = retry_after


class ServerError(APIError):
    """5xx, after the retries an idempotent request gets."""


class APIConnectionError(APIError):
    """The API could not be reached, or did not answer in time."""


_BY_STATUS: dict[int, type[APIError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


def error_from_response(response: httpx.Response, retry_after: float | None = None) -> APIError:
    body = _error_body(response)
    status = response.status_code
    fields = {
        "status": status,
        "code": body.get("code") or f"HTTP_{status}",
        "details": body.get("details") if isinstance(body.get("details"), dict) else {},
        "request_id": body.get("request_id") or response.headers.get("X-Request-ID"),
    }
    message = body.get("message") or response.reason_phrase or f"HTTP {status}"
    cls = ServerError if status >= 500 else _BY_STATUS.get(status, APIError)
    if cls is RateLimitError:
        return RateLimitError(message, retry_after=retry_after, **fields)
    return cls(message, **fields)


def _error_body(response: httpx.Response) -> dict[str, Any]:
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return {}
    return error if isinstance(error, dict) else {}
