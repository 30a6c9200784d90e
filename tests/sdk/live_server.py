"""The real service for the SDK suites: gunicorn and a Celery worker on a fresh database.

Each run gets a database of its own (a SQLite file in a temporary folder, or a new
PostgreSQL database beside ``DATABASE_URL``'s), its own var folder (so its worker
never reads another run's filesystem broker), migrated and seeded by ``seed_demo``.
With ``REDIS_URL`` the server keeps that Redis but the next database number, so its
worker and the suite's in-process workers do not take each other's tasks.

The rate-limit window is shortened to a few seconds: the main key is practically
unlimited, and ``limited_key`` (premium tier) gets 5 requests per window, so a 429
is provoked at once and its ``Retry-After`` can be waited out.
"""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg
from psycopg import sql

from tests.faults.servers import free_port, start, tail

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 90
STOP_SECONDS = 20
RATELIMIT_WINDOW_SECONDS = 4
LIMITED_PER_WINDOW = 5


@dataclass
class LiveAPI:
    base_url: str
    api_key: str
    limited_key: str
    guild_id: str
    user_id: str
    channel_ids: list[str]
    env: dict[str, str] = field(repr=False)
    var_dir: Path
    ratelimit_window: int = RATELIMIT_WINDOW_SECONDS
    limited_per_window: int = LIMITED_PER_WINDOW

    def manage(self, *args: str) -> str:
        """Run a management command against the server's database; returns its stdout."""
        return manage(self.env, *args)

    def create_key(self, user_id: str, tier: str = "standard") -> str:
        output = self.manage("create_api_key", "--user-id", user_id, "--tier", tier)
        return output.strip().splitlines()[-1]


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@contextmanager
def running_live_api(tmp_dir: Path) -> Iterator[LiveAPI]:
    with ExitStack() as stack:
        env = _server_env(tmp_dir)
        if os.environ.get("DATABASE_URL"):
            env["DATABASE_URL"] = stack.enter_context(_postgres_database(env["DATABASE_URL"]))
        demo = _prepare_database(env)
        port = free_port()
        api = LiveAPI(
            base_url=f"http://127.0.0.1:{port}/v1",
            api_key=demo["api_key"],
            limited_key="",
            guild_id=demo["guild_id"],
            user_id=demo["user_id"],
            channel_ids=demo["channel_ids"],
            env=env,
            var_dir=tmp_dir / "var",
        )
        api.limited_key = demo["limited_key"]
        logs = tmp_dir / "var" / "log"
        logs.mkdir(parents=True, exist_ok=True)
        processes: list[subprocess.Popen] = []
        stack.callback(_stop, processes)
        web = start(
            [
                sys.executable,
                *("-m", "gunicorn", "noteticketing.wsgi"),
                *("--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4"),
                *("--graceful-timeout", "5", "--access-logfile", "-"),
            ],
            env,
            logs / "web.log",
        )
        processes.append(web)
        worker = start(
            [sys.executable, "-m", "celery", "-A", "noteticketing", "worker"]
            + ["--pool", "solo", "-l", "INFO"],
            env,
            logs / "worker.log",
        )
        processes.append(worker)
        _wait_until_ready(api, web, worker, logs)
        yield api


# One Python process for the three commands: each start of Django costs a second or two.
_PREPARE = """
import io, json, django
from django.core.management import call_command
django.setup()
call_command("migrate", interactive=False, verbosity=0)
out = io.StringIO()
call_command("seed_demo", "--json", stdout=out)
demo = json.loads(out.getvalue().strip().splitlines()[-1])
out = io.StringIO()
call_command("create_api_key", user_id=demo["user_id"], tier="premium", stdout=out)
print(json.dumps({**demo, "limited_key": out.getvalue().strip().splitlines()[-1]}))
"""


def _prepare_database(env: dict[str, str]) -> dict:
    """Migrate, then ``seed_demo --json`` and a premium key: the demo's ids and both keys."""
    done = subprocess.run(
        [sys.executable, "-c", _PREPARE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode:
        raise RuntimeError(f"preparing the live database failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _server_env(tmp_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "NOTETICKETING_VAR_DIR": str(tmp_dir / "var"),
        "DJANGO_SETTINGS_MODULE": "noteticketing.settings",
        "RATELIMIT_WINDOW_SECONDS": str(RATELIMIT_WINDOW_SECONDS),
        "RATELIMIT_STANDARD_PER_HOUR": "1000000",
        "RATELIMIT_PREMIUM_PER_HOUR": str(LIMITED_PER_WINDOW),
        "AUTH_FAILURES_PER_WINDOW": "100000",
        "WEBHOOK_ALLOW_LOOPBACK": "true",
        "WEBHOOK_TIMEOUT_SECONDS": "5",
        "PYTHONUNBUFFERED": "1",
        "LOG_LEVEL": "WARNING",
    }
    # The live server talks to no real Discord; sweeps it is asked for fail at once.
    env.pop("DISCORD_TOKEN", None)
    if env.get("REDIS_URL"):
        env["REDIS_URL"] = _next_redis_database(env["REDIS_URL"])
    return env


def _next_redis_database(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        return url
    number = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(number + 1) % 16}"))


@contextmanager
def _postgres_database(url: str) -> Iterator[str]:
    """A new database named after this process beside the configured one, dropped after."""
    parts = urlsplit(url)
    name = f"nt_sdk_{os.getpid()}"
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))

    def run(statement) -> None:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(statement)

    run(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        run(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _stop(processes: list[subprocess.Popen]) -> None:
    """SIGTERM to every group at once, a bounded wait, then SIGKILL for whatever is left."""
    for process in processes:
        _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        with suppress(subprocess.TimeoutExpired):
            process.wait(max(0.1, deadline - time.monotonic()))
    for process in processes:
        # A stuck master, or a gunicorn worker orphaned by a killed master.
        _signal_group(process, signal.SIGKILL)
        process.wait()


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def _wait_until_ready(api: LiveAPI, web, worker, logs: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    healthy = worker_ready = False
    while not (healthy and worker_ready):
        for process, name in ((web, "web"), (worker, "worker")):
            if process.poll() is not None:
                raise RuntimeError(f"the live {name} process exited:\n{tail(logs / f'{name}.log')}")
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"the live server was not ready in {STARTUP_SECONDS}s:\n"
                f"{tail(logs / 'web.log')}\n{tail(logs / 'worker.log')}"
            )
        healthy = healthy or _answers(f"{api.base_url}/health")
        worker_ready = worker_ready or " ready." in (logs / "worker.log").read_text()
        time.sleep(0.2)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
