"""The service as production runs it, on a Redis of its own that a test may stop.

``service`` is gunicorn and a Celery worker (separate processes, as the Procfile has
them) on the suite's test database, with ``REDIS_URL`` pointing at a private Redis:
its cache, its rate-limit counters and its broker. ``service.beat(task)`` sends a beat
task through that broker, as ``celery beat`` would at its next tick.
"""

import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from celery import Celery

from tests.faults.servers import (
    RedisServer,
    free_port,
    service_env,
    start_gunicorn,
    start_worker,
    stop,
    suite_database_url,
    wait_for_web,
    wait_for_worker,
)
from tests.webhooks.receiver import Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as running:
        yield running


@dataclass
class Service:
    folder: Path
    redis: RedisServer
    env: dict[str, str]
    port: int
    web: subprocess.Popen | None = None
    worker: subprocess.Popen | None = None
    workers_started: int = 0

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start_web(self) -> None:
        log = self.folder / "web.log"
        self.web = start_gunicorn(self.env, log, self.port)
        wait_for_web(self.port, self.web, log)

    def start_worker(self) -> None:
        self.workers_started += 1
        log = self.folder / f"worker-{self.workers_started}.log"
        self.worker = start_worker(self.env, log)
        wait_for_worker(self.worker, log)

    @property
    def worker_log(self) -> Path:
        return self.folder / f"worker-{self.workers_started}.log"

    def kill_worker(self) -> None:
        """SIGKILL: no shutdown, no acknowledgement, whatever it was doing left half-done."""
        stop(self.worker, signal.SIGKILL)
        self.worker = None

    def beat(self, task_name: str) -> None:
        sender = Celery("beat", broker=self.redis.url(), set_as_current=False)
        try:
            sender.send_task(task_name)
        finally:
            sender.close()

    def stop_all(self) -> None:
        for process in (self.web, self.worker):
            if process is not None:
                stop(process)


@pytest.fixture
def service_redis(tmp_path) -> Iterator[RedisServer]:
    with RedisServer(tmp_path) as server:
        yield server


@pytest.fixture
def service(tmp_path, service_redis, transactional_db) -> Iterator[Service]:
    """Not started: a test chooses which processes it runs, with ``env`` adjusted first."""
    env = service_env(
        tmp_path,
        DATABASE_URL=suite_database_url(),
        REDIS_URL=service_redis.url(),
        WEBHOOK_ALLOW_LOOPBACK="true",
        WEBHOOK_TIMEOUT_SECONDS="5",
    )
    running = Service(folder=tmp_path, redis=service_redis, env=env, port=free_port())
    try:
        yield running
    finally:
        running.stop_all()
