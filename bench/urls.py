"""The service's URLs plus a bare Django JSON view: the floor the API's overhead is
measured against (same middleware, no key, no database)."""

from django.http import JsonResponse
from django.urls import include, path


def bare(request):
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bench/bare", bare),
    path("", include("noteticketing.urls")),
]
