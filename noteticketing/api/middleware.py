"""Request ids, API-key authentication and rate limiting for every ``/v1/`` request."""

from collections.abc import Callable

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
from noteticketing.api.ratelimit import auth_failures, consume_key_request
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
        failures = auth_failures(request, address, record=False)
        if failures is not None and failures.count >= failures.limit:
            return _too_many(request, failures, "Too many failed authentication attempts")
        try:
            key = authenticate_key(bearer_token(request))
        except AuthenticationError as error:
            auth_failures(request, address, record=True)
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
