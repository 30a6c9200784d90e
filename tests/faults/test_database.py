"""PostgreSQL stopped and started again under traffic, the API's gunicorn left running.

While the database is down every request is a 503 in the error envelope (the key
lookup in the middleware included), and once it is back requests succeed again without
restarting anything: each request checks its persistent connection
(``CONN_HEALTH_CHECKS``) and opens a new one when the old one died.

The database is a private PostgreSQL cluster on a spare port, never the shared one.
"""

import json
import logging
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest
from django.db import OperationalError
from django.test import Client

from tests.faults.servers import (
    PostgresServer,
    free_port,
    service_env,
    start_gunicorn,
    stop,
    wait_for_web,
)
from tests.polling import wait_for

CLIENTS = 4
# migrate (which makes the cache table) and the demo guild with its key, in one start of Django.
PREPARE = """
import io, json, django
from django.core.management import call_command
django.setup()
call_command("migrate", interactive=False, verbosity=0)
out = io.StringIO()
call_command("seed_demo", "--json", stdout=out)
print(out.getvalue().strip().splitlines()[-1])
"""


@dataclass
class Outcome:
    phase: str
    status: int
    code: str | None
    request_id: str | None
    at: float


class Traffic:
    """Clients calling ``GET /v1/guilds`` in a loop, each answer noted with its phase."""

    def __init__(self, url: str, key: str) -> None:
        self.url, self.key = url, key
        self.phase = "up"
        self.outcomes: list[Outcome] = []
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._loop) for _ in range(CLIENTS)]

    def _loop(self) -> None:
        headers = {"Authorization": f"Bearer {self.key}"}
        with httpx.Client(headers=headers, timeout=10) as client:
            while not self._stop.is_set():
                phase = self.phase
                try:
                    response = client.get(self.url)
                except httpx.HTTPError as error:
                    self.errors.append(f"{phase}: {error!r}")
                    continue
                if self.phase != phase:
                    phase = "changing"  # sent before the change, answered after it
                code = None
                if response.status_code != 200:
                    code = response.json()["error"]["code"]
                request_id = response.headers.get("X-Request-ID")
                self.outcomes.append(
                    Outcome(phase, response.status_code, code, request_id, time.monotonic())
                )
                time.sleep(0.01)

    def seen(self, phase: str) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.phase == phase]

    def __enter__(self) -> "Traffic":
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(15)


@pytest.fixture
def folder() -> Iterator[Path]:
    # Under /tmp, not pytest's private folder: as root the cluster runs as ``postgres``.
    path = Path(tempfile.mkdtemp(prefix="nt-faults-pg-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def postgres(folder) -> Iterator[PostgresServer]:
    with PostgresServer(folder) as server:
        with psycopg.connect(server.url(), autocommit=True) as connection:
            connection.execute("CREATE DATABASE noteticketing")
        yield server


@pytest.fixture
def web(folder, postgres) -> Iterator[tuple[str, str]]:
    """gunicorn on the private database, migrated and seeded: its base URL and a key."""
    env = service_env(
        folder,
        DATABASE_URL=postgres.url("noteticketing"),
        RATELIMIT_STANDARD_PER_HOUR="100000000",
    )
    prepared = subprocess.run(
        [sys.executable, "-c", PREPARE], env=env, capture_output=True, text=True, timeout=120
    )
    assert prepared.returncode == 0, prepared.stdout + prepared.stderr
    demo = json.loads(prepared.stdout.strip().splitlines()[-1])
    port, log = free_port(), folder / "web.log"
    process = start_gunicorn(env, log, port)
    try:
        wait_for_web(port, process, log)
        yield f"http://127.0.0.1:{port}/v1", demo["api_key"]
        assert process.poll() is None, "gunicorn kept running throughout"
    finally:
        stop(process)


def test_requests_are_503_while_postgres_is_down_and_200_once_it_is_back(web, postgres):
    logging.getLogger("httpx").setLevel(logging.WARNING)
    base, key = web
    started = time.monotonic()

    with Traffic(f"{base}/guilds", key) as traffic:
        wait_for(lambda: len(traffic.seen("up")) >= 20, 20, "traffic to flow")
        traffic.phase = "stopping"
        postgres.stop()
        traffic.phase = "down"
        wait_for(lambda: len(traffic.seen("down")) >= 20, 20, "requests during the outage")
        health = httpx.get(f"{base}/health", timeout=10)
        traffic.phase = "starting"
        postgres.start()
        traffic.phase = "back"
        recovered = time.monotonic()
        wait_for(lambda: len(traffic.seen("back")) >= 40, 20, "requests after the restart")

    assert traffic.errors == [], "gunicorn answered every request"
    assert {outcome.status for outcome in traffic.seen("up")} == {200}
    down = traffic.seen("down")
    assert {(outcome.status, outcome.code) for outcome in down} == {(503, "SERVICE_UNAVAILABLE")}
    assert all(outcome.request_id for outcome in down)
    assert health.status_code == 503
    assert {outcome.status for outcome in traffic.outcomes} <= {200, 503}, "never a 500"
    back = traffic.seen("back")
    assert {outcome.status for outcome in back[-CLIENTS * 5 :]} == {200}
    first_success = next(outcome for outcome in back if outcome.status == 200)
    print(
        f"\n{len(traffic.outcomes)} requests, {len(down)} of them 503 while PostgreSQL was down; "
        f"first 200 {first_success.at - recovered:.2f}s after it was back; "
        f"traffic {time.monotonic() - started:.1f}s"
    )


def test_the_middlewares_database_error_is_a_503_envelope(owner, monkeypatch):
    """Unit-sized twin of the above: the key lookup runs before DRF, in the middleware."""

    def lost(raw):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("noteticketing.api.middleware.authenticate_key", lost)
    client = Client(raise_request_exception=False)

    response = client.get("/v1/guilds", HTTP_AUTHORIZATION=f"Bearer {owner.key}")

    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "SERVICE_UNAVAILABLE"
    assert error["request_id"] == response["X-Request-ID"]
