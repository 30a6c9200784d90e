"""Where a webhook may be sent: public addresses only (the SSRF guard).

A URL is checked when it is registered and again before every attempt, and the
attempt connects to an address that passed the check, so a name that resolves to a
public address at registration and to ``127.0.0.1`` later (DNS rebinding) is refused.
``WEBHOOK_ALLOW_LOOPBACK`` lets tests and local demos use ``http://127.0.0.1``.
"""

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = [ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48")]
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
# Special-purpose blocks that older Pythons still call global.
_NOT_GLOBAL = [
    ipaddress.ip_network(network) for network in ("192.0.0.0/24", "3fff::/20", "5f00::/16")
]
_NUMERIC_LABEL_RE = re.compile(r"\A(0x[0-9a-f]*|[0-9]+)\Z", re.IGNORECASE)


class UnsafeUrl(ValueError):
    """The URL may not be sent to; the message says why, without any secret."""


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (``address``) and what to call the host."""

    scheme: str
    host: str
    port: int
    path: str
    address: str

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if self.port == default else f"{name}:{self.port}"

    @property
    def pinned_url(self) -> str:
        """The URL with the checked address in place of the name."""
        literal = f"[{self.address}]" if ":" in self.address else self.address
        return f"{self.scheme}://{literal}:{self.port}{self.path}"


def resolve(host: str, port: int) -> list[str]:
    """Every address the name resolves to; tests patch this to simulate DNS."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def address_problem(address: IPAddress) -> str | None:
    """Why an address is not a public unicast one, or None when it is."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return "an IPv4-mapped IPv6 address"
        if any(address in network for network in _NAT64):
            return "a NAT64 address"
        if address in _IPV4_COMPATIBLE:
            return "an IPv4-compatible IPv6 address"
        if address.sixtofour is not None and address_problem(address.sixtofour):
            return "a 6to4 address embedding a non-public IPv4 address"
        if address.teredo is not None:
            return "a Teredo address"
        if address.scope_id:
            return "a scoped (link-local) address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_unspecified:
        return "the unspecified address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if not address.is_global or any(address in network for network in _NOT_GLOBAL):
        return "a private or reserved address"
    return None


def _allowed(address: IPAddress) -> bool:
    if settings.WEBHOOK_ALLOW_LOOPBACK and address.is_loopback:
        return True
    return address_problem(address) is None


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    labels = host.rstrip(".").split(".")
    if labels and _NUMERIC_LABEL_RE.match(labels[-1]):
        # What browsers and C libraries read as IPv4: 2130706433, 0x7f.1, 0177.0.0.1, 127.1.
        raise UnsafeUrl("The host is an IPv4 address in a non-standard spelling")
    return None


def _split(url: str) -> tuple[str, str, int, str]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UnsafeUrl(f"Not a valid URL: {error}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeUrl("Must be an http or https URL")
    if parts.username is not None or parts.password is not None:
        raise UnsafeUrl("Must not carry a user name or password")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UnsafeUrl("Must name a host")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise UnsafeUrl("The host name is not valid") from None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, host, port or (443 if scheme == "https" else 80), path


def check_url(url: str, *, resolver=None) -> Target:
    """The URL's target if every address of its host is allowed; raises ``UnsafeUrl``."""
    scheme, host, port, path = _split(url)
    literal = _literal(host)
    if literal is not None:
        addresses = [literal]
    else:
        try:
            found = (resolver or resolve)(host, port)
        except (OSError, UnicodeError):
            raise UnsafeUrl("The host name does not resolve") from None
        addresses = [ipaddress.ip_address(address) for address in found]
        if not addresses:
            raise UnsafeUrl("The host name does not resolve")
    for address in addresses:
        if not _allowed(address):
            problem = address_problem(address)
            raise UnsafeUrl(f"The host resolves to {problem}, which webhooks may not reach")
    if scheme == "http" and not settings.DEBUG:
        loopback_only = all(address.is_loopback for address in addresses)
        if not (settings.WEBHOOK_ALLOW_LOOPBACK and loopback_only):
            raise UnsafeUrl("Must be an https URL")
    return Target(scheme=scheme, host=host, port=port, path=path, address=str(addresses[0]))
