"""Running the real ``manage.py runbot`` against the fake Discord, for the bot's tests
and the latency benchmark."""

import os
import signal
import subprocess
import sys
from functools import partial
from pathlib import Path

from django.db import connection

from tests import polling

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The database the test runs on, for a subprocess to share."""
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    return (
        f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}"
    )


# The bot answers in milliseconds: its tests poll often and give up sooner.
wait_for = partial(polling.wait_for, seconds=20, every=0.05)


class RunBot:
    """``with RunBot(fake, var_dir) as bot:`` a runbot process; stopped by SIGTERM on exit,
    which must end it cleanly (exit status 0)."""

    def __init__(self, fake, var_dir: Path, **env: str):
        self.fake = fake
        self.var_dir = var_dir
        self.env = env
        self.log = var_dir / "runbot.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "RunBot":
        env = os.environ | {
            "DATABASE_URL": database_url(),
            "DISCORD_TOKEN": self.fake.token,
            "DISCORD_API_BASE": self.fake.api_base,
            "NOTETICKETING_VAR_DIR": str(self.var_dir),
            "DISCORD_TIMEOUT_SECONDS": "5",
            "PYTHONUNBUFFERED": "1",
            **self.env,
        }
        self.var_dir.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "runbot"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError("runbot did not stop on SIGTERM\n" + self.output()) from None
        return self.process.returncode

    def __exit__(self, exc_type, *exc_info) -> None:
        code = self.stop()
        if exc_type is None:
            assert code == 0, self.output()
