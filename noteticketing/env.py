"""Typed readers of environment variables that fail loudly.

A malformed value stops the process at start with a message naming the variable,
instead of surfacing later as a confusing error deep inside a request.
"""

import os
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _fail(name: str, value: str, expected: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"{name}={value!r} is malformed: expected {expected}.")


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_choice(name: str, choices: list[str], default: str) -> str:
    value = os.environ.get(name, default) or default
    if value not in choices:
        raise _fail(name, value, "one of " + ", ".join(choices))
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise _fail(name, value, "true or false")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise _fail(name, value, "an integer") from None
    if number < minimum:
        raise _fail(name, value, f"an integer of at least {minimum}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


def env_database(name: str, default_sqlite_path: str) -> dict:
    value = os.environ.get(name, "")
    if not value:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": default_sqlite_path,
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
            # A file, not memory, so that worker processes started by tests share it;
            # one per test run, so that runs side by side do not collide.
            "TEST": {
                "NAME": default_sqlite_path.replace(".sqlite3", f"-test-{os.getpid()}.sqlite3")
            },
        }
    try:
        config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError) as error:
        raise _fail(name, value, f"a database URL ({error})") from None
    if not config.get("ENGINE") or not config.get("NAME"):
        raise _fail(name, value, "a database URL with an engine and a database name")
    return config


def env_redis_url(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in {"redis", "rediss", "unix"} or not (parts.hostname or parts.path):
        raise _fail(name, value, "a redis://, rediss:// or unix:// URL")
    if not _port_is_valid(parts):
        raise _fail(name, value, "a URL with a port from 0 to 65535")
    return value


def _port_is_valid(parts) -> bool:
    try:
        return parts.port is None or parts.port >= 0
    except ValueError:
        return False
