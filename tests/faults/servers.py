"""Real servers the fault tests start, stop and restart: Redis, PostgreSQL and the service.

Each is private to the test (a spare port, a data folder under the test's temporary
folder), never the machine's shared PostgreSQL or Redis, so stopping one harms no one.
Every start has a matching stop that also runs when the test fails.
"""

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
from contextlib import suppress
from pathlib import Path

import httpx
from django.db import connection

from tests.polling import wait_for

ROOT = Path(__file__).resolve().parents[2]
STOP_SECONDS = 15
POSTGRES_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def accepts_connections(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def start(args: list[str], env: dict[str, str], log: Path, **options) -> subprocess.Popen:
    """A process in a session of its own, so that stopping it reaches its children too."""
    with log.open("ab") as output:
        return subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            **options,
        )


def stop(process: subprocess.Popen, signum: int = signal.SIGTERM) -> None:
    """Signal the process group, wait a bounded time, then kill whatever is left."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signum)
    with suppress(subprocess.TimeoutExpired):
        process.wait(STOP_SECONDS)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return f"({path} is empty)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class RedisServer:
    """``redis-server`` on a spare port, in memory only, that a test can stop and restart."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.log = folder / f"redis-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def url(self, database: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is not installed; the fault tests need it (apt redis-server)"
        self.process = start(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--daemonize", "no"],
            os.environ.copy(),
            self.log,
        )
        wait_for(lambda: accepts_connections(self.port), 10, f"Redis on {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None

    def __enter__(self) -> "RedisServer":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


class PostgresServer:
    """A throw-away PostgreSQL cluster (``initdb``, ``pg_ctl``) on a spare port, trust auth.

    PostgreSQL refuses to run as root, so as root the cluster belongs to ``postgres``.
    Missing binaries fail the test: this is a check CI must not skip quietly.
    """

    def __init__(self, folder: Path) -> None:
        assert POSTGRES_BIN_DIRS, "PostgreSQL server binaries are missing (/usr/lib/postgresql)"
        self.bin = POSTGRES_BIN_DIRS[0]
        self.port = free_port()
        self.data = folder / "pgdata"
        self.log = folder / "postgres.log"
        self.user = pwd.getpwuid(os.geteuid()).pw_name
        if os.geteuid() == 0:
            self.user = "postgres"
            owner = pwd.getpwnam("postgres")
            for path in (folder, self.data):
                path.mkdir(exist_ok=True)
                os.chown(path, owner.pw_uid, owner.pw_gid)
            folder.chmod(0o755)

    def url(self, database: str = "postgres") -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, timeout: float = 60) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}"

    def create(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", self.user, "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data} -c fsync=off"
        self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w")

    def stop(self) -> None:
        """A fast shutdown: open sessions are cut off, as in a failover or a restart."""
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def __enter__(self) -> "PostgresServer":
        self.create()
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        if self.running():
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")


def suite_database_url() -> str:
    """The URL of the test database this process uses, for the processes it starts."""
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    user, host, port = database["USER"], database["HOST"], database["PORT"]
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{database['NAME']}"


def service_env(folder: Path, **overrides: str) -> dict[str, str]:
    """The environment of a web or worker process of ours: nothing shared unless given."""
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL",)}
    env.pop("DISCORD_TOKEN", None)
    return env | {
        "NOTETICKETING_VAR_DIR": str(folder / "var"),
        "DJANGO_SETTINGS_MODULE": "noteticketing.settings",
        "PYTHONUNBUFFERED": "1",
        "LOG_LEVEL": "WARNING",
        **overrides,
    }


def start_gunicorn(env: dict[str, str], log: Path, port: int) -> subprocess.Popen:
    return start(
        [sys.executable, "-m", "gunicorn", "noteticketing.wsgi"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4"]
        + ["--graceful-timeout", "3", "--timeout", "30"],
        env,
        log,
    )


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    return start(
        [sys.executable, "-m", "celery", "-A", "noteticketing", "worker", "--pool", "solo"]
        + ["--loglevel", "INFO", "--without-mingle", "--without-gossip", "--without-heartbeat"],
        env,
        log,
    )


def wait_for_web(port: int, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    def healthy() -> bool:
        assert process.poll() is None, f"gunicorn exited:\n{tail(log)}"
        try:
            return httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    wait_for(healthy, seconds, f"gunicorn on {port}", every=0.2)


def wait_for_worker(process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    def ready() -> bool:
        assert process.poll() is None, f"the worker exited:\n{tail(log)}"
        return log.exists() and " ready." in log.read_text(errors="replace")

    wait_for(ready, seconds, "the Celery worker", every=0.2)
