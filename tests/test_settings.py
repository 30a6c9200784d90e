"""A malformed environment stops the start with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _start(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "not a url"),
        ("REDIS_URL", "http://127.0.0.1:6379"),
        ("REDIS_URL", "redis://127.0.0.1:port"),
        ("RATELIMIT_STANDARD_PER_HOUR", "lots"),
        ("RATELIMIT_PREMIUM_PER_HOUR", "0"),
    ],
)
def test_a_malformed_variable_stops_the_start_naming_it(name, value):
    result = _start({name: value})

    assert result.returncode != 0
    assert f"{name}={value!r} is malformed" in result.stderr


def test_the_embedded_defaults_start(tmp_path):
    result = _start({"NOTETICKETING_VAR_DIR": str(tmp_path)})

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
