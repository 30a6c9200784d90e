"""Django's error views: the API envelope under ``/v1/``, Django's own pages elsewhere."""

import sys

from django.http import HttpRequest, HttpResponse
from django.views import defaults

from noteticketing.api.errors import error_response, is_unavailable

API_PREFIX = "/v1/"


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX) or path == API_PREFIX.rstrip("/")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_path(request.path):
        return error_response(request, 400, "Bad request", {"field": "request", "issue": "invalid"})
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_path(request.path):
        return error_response(request, 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_path(request.path):
        return error_response(request, 404, "No such endpoint")
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django calls this inside its ``except``, so the exception is still at hand.

    A lost database raised outside DRF (the key lookup in the middleware) is a 503 like
    one raised in a view: the client should retry, and the next request reconnects.
    """
    if is_api_path(request.path):
        return error_response(request, 503 if is_unavailable(sys.exception()) else 500)
    return defaults.server_error(request)
