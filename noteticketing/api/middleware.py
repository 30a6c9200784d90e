"""Request ids, API-key authentication and rate limiting for every ``/v1/`` request."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from noteticketing.api.authentication import (
    ApiPrincipal,
    AuthenticationError,
    authenticate_key,
    bearer_token,
)
from noteticketing.api.client_ip import client_address
from noteticketing.api.errors import error_response
from noteticketing.api.handlers import is_api_path
from noteticketing.api.ratelimit import auth_block, consume_key_request, record_auth_failure
from noteticketing.ids import new_request_id

PUBLIC_API_PATHS = {"/v1/schema", "/v1/docs", "/v1/health"}


class RequestIdMiddleware:
    """Give every request an id, echoed as ``X-Request-ID`` and in error bodies."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = new_request_id()
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class BodySizeMiddleware:
    """Refuse an API request body by its headers, before reading any of it.

    Over ``API_MAX_BODY_BYTES`` by its Content-Length is a 413. A body streamed
    without a Content-Length (chunked) is a 400: Django reads such a body as empty,
    so it would otherwise be silently ignored.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api_path(request.path):
            return self.get_response(request)
        length = request.META.get("CONTENT_LENGTH", "")
        if length.isdigit() and int(length) > settings.API_MAX_BODY_BYTES:
            issue = f"Request body larger than {settings.API_MAX_BODY_BYTES} bytes"
            return error_response(request, 413, None, {"field": "body", "issue": issue})
        if "HTTP_TRANSFER_ENCODING" in request.META and not length:
            issue = "Send the body with a Content-Length header; chunked bodies are not read"
            return error_response(request, 400, None, {"field": "body", "issue": issue})
        return self.get_response(request)


class ApiKeyMiddleware:
    """Authenticate the bearer key, then count the request against its tier's window.

    Failed attempts are counted per client address; past the allowance every
    further attempt from that address is refused before its key is even looked at,
    so keys cannot be guessed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api_path(request.path) or request.path.rstrip("/") in PUBLIC_API_PATHS:
            return self.get_response(request)
        address = client_address(request)
        block = auth_block(address)
        if block is not None:
            return _too_many(request, block, "Too many failed authentication attempts")
        try:
            key = authenticate_key(bearer_token(request))
        except AuthenticationError as error:
            record_auth_failure(request, address)
            response = error_response(request, 401, error.message)
            response["WWW-Authenticate"] = 'Bearer realm="api"'
            return response
        usage = consume_key_request(request, key.prefix, key.tier)
        if usage is not None and usage.exceeded:
            response = _too_many(request, usage, "Rate limit exceeded for this API key")
        else:
            request.api_principal = ApiPrincipal(user_id=key.user_id, api_key=key)
            response = self.get_response(request)
        if usage is not None:
            for name, value in usage.headers().items():
                response[name] = value
        return response


def _too_many(request: HttpRequest, usage, message: str) -> HttpResponse:
    response = error_response(
        request, 429, message, {"limit": usage.limit, "retry_after": usage.retry_after}
    )
    response["Retry-After"] = str(usage.retry_after)
    return response
