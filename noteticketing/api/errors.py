"""The one error envelope of the API, from every layer that can fail.

``{"error": {"code", "message", "details", "timestamp", "request_id"}}`` — the
DRF exception handler, Django's 400/403/404/500 handlers and the middleware all
build it here, so a client parses every failure the same way.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.response import Response

logger = logging.getLogger(__name__)

CODES = {
    400: "VALIDATION_ERROR",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMITED",
    500: "INTERNAL_ERROR",
    503: "SERVICE_UNAVAILABLE",
}
MESSAGES = {
    400: "Invalid request parameters",
    401: "Invalid API key",
    403: "You do not have permission to perform this action",
    404: "Resource not found",
    405: "Method not allowed",
    409: "The request conflicts with the current state of the resource",
    413: "Request body too large",
    415: "Unsupported media type",
    429: "Rate limit exceeded",
    500: "Internal server error",
    503: "Service temporarily unavailable",
}


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = MESSAGES[409]
    default_code = "conflict"


class ServiceUnavailable(exceptions.APIException):
    status_code = 503
    default_detail = MESSAGES[503]
    default_code = "service_unavailable"


def envelope(
    request: HttpRequest, status: int, message: str | None = None, details: dict | None = None
) -> dict:
    return {
        "error": {
            "code": CODES.get(status, CODES[500] if status >= 500 else CODES[400]),
            "message": message or MESSAGES.get(status, MESSAGES[400]),
            "details": details or {},
            "timestamp": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
            "request_id": getattr(request, "request_id", ""),
        }
    }


def error_response(
    request: HttpRequest, status: int, message: str | None = None, details: dict | None = None
) -> JsonResponse:
    return JsonResponse(envelope(request, status, message, details), status=status)


def _flatten(detail, path: str = "") -> list[tuple[str, str]]:
    """Field errors as ``(field path, message)`` pairs, nested lists and dicts included."""
    if isinstance(detail, dict):
        pairs = []
        for key, value in detail.items():
            if isinstance(key, int):
                pairs += _flatten(value, f"{path}[{key}]")
                continue
            name = "body" if key in ("non_field_errors", "__all__") else str(key)
            pairs += _flatten(value, f"{path}.{name}" if path else name)
        return pairs
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return [(path or "body", str(item)) for item in detail]
        pairs = []
        for index, item in enumerate(detail):
            if item:
                pairs += _flatten(item, f"{path}[{index}]")
        return pairs
    return [(path or "body", str(detail))]


def validation_details(detail) -> dict:
    pairs = _flatten(detail)
    if not pairs:
        return {}
    field, issue = pairs[0]
    details = {"field": field, "issue": issue}
    if len(pairs) > 1:
        details["errors"] = [{"field": f, "issue": i} for f, i in pairs]
    return details


def is_unavailable(exc: BaseException | None) -> bool:
    """The database cannot be reached (down, restarting, connection lost): retry later."""
    return isinstance(exc, (OperationalError, InterfaceError))


def _status_and_details(exc: Exception) -> tuple[int, str | None, dict]:
    if isinstance(exc, exceptions.ValidationError):
        return 400, None, validation_details(exc.detail)
    if isinstance(exc, RequestDataTooBig):
        return 413, None, {"field": "body", "issue": "Request body too large"}
    if isinstance(exc, exceptions.ParseError):
        return 400, "Malformed request body", {"field": "body", "issue": str(exc.detail)}
    if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        return 401, str(exc.detail), {}
    if isinstance(exc, (Http404, exceptions.NotFound)):
        return 404, None, {}
    if isinstance(exc, DjangoPermissionDenied):
        return 403, None, {}
    if isinstance(exc, IntegrityError):
        return 409, None, {}
    if is_unavailable(exc):
        return 503, None, {}
    if isinstance(exc, exceptions.APIException):
        message = str(exc.detail) if isinstance(exc.detail, str) else None
        return exc.status_code, message, {}
    return 500, None, {}


def api_exception_handler(exc: Exception, context: dict) -> Response:
    """DRF's exception handler: every exception a view raises becomes the envelope."""
    request = context["request"]
    status, message, details = _status_and_details(exc)
    if status == 500 or (status == 503 and isinstance(exc, DatabaseError)):
        logger.exception("Unhandled error in %s %s", request.method, request.path, exc_info=exc)
    response = Response(envelope(request, status, message, details), status=status)
    if status == 401:
        response["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, exceptions.MethodNotAllowed):
        view = context.get("view")
        if view is not None:
            response["Allow"] = ", ".join(view.allowed_methods)
    if getattr(exc, "wait", None):
        response["Retry-After"] = str(int(exc.wait))
    return response
