"""The address of the client behind a request, believing proxies only when configured."""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    if peer not in settings.TRUSTED_PROXIES:
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    # Walk back from the nearest hop past our own proxies: the first other is the client.
    for hop in reversed(hops):
        if hop not in settings.TRUSTED_PROXIES:
            return hop
    return peer
