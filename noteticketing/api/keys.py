"""The API key format: ``ntk_<prefix>_<secret><checksum>``.

The prefix is public and finds the row; only a SHA-256 of the secret is stored (a
fast hash is right for long random secrets). The checksum lets a mistyped or
made-up key be refused without touching the database, and ``ntk_`` lets secret
scanners recognise a leaked key.
"""

import hashlib
import re
import secrets
import string
import zlib
from dataclasses import dataclass

_ALPHABET = string.ascii_letters + string.digits
PREFIX_LENGTH = 8
SECRET_LENGTH = 32
CHECKSUM_LENGTH = 6
_KEY_RE = re.compile(
    rf"\Antk_([a-z0-9]{{{PREFIX_LENGTH}}})_([A-Za-z0-9]{{{SECRET_LENGTH}}})"
    rf"([A-Za-z0-9]{{{CHECKSUM_LENGTH}}})\Z"
)


@dataclass(frozen=True)
class ParsedKey:
    prefix: str
    secret: str


@dataclass(frozen=True)
class NewKey:
    key: str
    prefix: str
    secret_hash: str


def _base62(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, remainder = divmod(number, len(_ALPHABET))
        digits.append(_ALPHABET[remainder])
    return "".join(reversed(digits))


def _checksum(body: str) -> str:
    return _base62(zlib.crc32(body.encode("ascii")), CHECKSUM_LENGTH)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def generate_key() -> NewKey:
    prefix = "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(8))
    secret = "".join(secrets.choice(_ALPHABET) for _ in range(SECRET_LENGTH))
    body = f"ntk_{prefix}_{secret}"
    return NewKey(key=body + _checksum(body), prefix=prefix, secret_hash=hash_secret(secret))


def parse_key(raw: str) -> ParsedKey | None:
    """The key's parts, or None when it is malformed or its checksum is wrong."""
    match = _KEY_RE.match(raw)
    if match is None:
        return None
    prefix, secret, checksum = match.groups()
    if not secrets.compare_digest(_checksum(f"ntk_{prefix}_{secret}"), checksum):
        return None
    return ParsedKey(prefix=prefix, secret=secret)
