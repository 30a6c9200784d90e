"""The JavaScript SDK's own suite (``node --test clients/js/test/``) against the live server.

One pytest test: node runs the SDK's unit tests and, with the ``NT_*`` variables set
here, its live tests against the server ``live_api`` started (gunicorn, a Celery worker,
a seeded database). Node's output is shown when anything fails.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT / "clients" / "js" / "test"
NODE_TIMEOUT_SECONDS = 600
MEMBER_USER_ID = "jsviewer01"


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "node is not installed: the JavaScript SDK's tests need Node.js 18 or newer on PATH"
        )
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=True)
    major = int(version.stdout.strip().lstrip("v").split(".")[0])
    if major < 18:
        pytest.fail(f"node {version.stdout.strip()} is too old: the JavaScript SDK needs 18+")
    return node


def test_the_javascript_sdk_suite_passes_against_the_live_server(live_api):
    node = _node()
    env = {
        **os.environ,
        "NT_BASE_URL": live_api.base_url,
        "NT_API_KEY": live_api.api_key,
        "NT_LIMITED_KEY": live_api.limited_key,
        "NT_MEMBER_KEY": live_api.create_key(MEMBER_USER_ID),
        "NT_GUILD_ID": live_api.guild_id,
        "NT_USER_ID": live_api.user_id,
        "NT_CHANNEL_IDS": ",".join(live_api.channel_ids),
    }
    env.pop("NOTETICKETING_BASE_URL", None)
    env.pop("NOTETICKETING_API_KEY", None)

    done = subprocess.run(
        [node, "--test", "--test-reporter=spec", str(SUITE)],
        cwd=ROOT / "clients" / "js",
        env=env,
        capture_output=True,
        text=True,
        timeout=NODE_TIMEOUT_SECONDS,
    )

    output = f"{done.stdout}\n{done.stderr}"
    assert done.returncode == 0, f"node --test failed ({done.returncode}):\n{output}"
    # A live test skips itself, with this in its reason, when a variable above is missing.
    assert "is not set" not in output, f"live tests were skipped:\n{output}"
