"""Throughput and latency of the API under wrk, beside a bare Django JSON view.

Seeds (or reuses) a guild of ``--items`` action items with ``manage.py seed_load``,
starts gunicorn (``--workers`` x ``--threads``) on PostgreSQL with the cache and
rate-limit counters in Redis, and runs wrk at ``--connections`` for ``--seconds`` per
scenario: the bare view, the smallest authenticated read (the key's guilds), the list
(default, filtered and sorted), one item, create, status change. Prints requests/s,
p50, p99 and errors for each, the CPU each request cost gunicorn's workers, PostgreSQL
and Redis (read from /proc, so it holds on a machine other jobs share), the list's
share of the bare view's throughput, and the load average. The key is enterprise tier
with a limit no run reaches.

    python bench/load.py [--guild-id 880000000000000008] [--items 1000000]

Needs ``wrk`` (Debian package). ``DATABASE_URL`` defaults to
``postgres://postgres@127.0.0.1:5432/noteticketing_bench``, ``REDIS_URL`` to
``redis://127.0.0.1:6379/8``.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/noteticketing_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/8")
os.environ.setdefault("NOTETICKETING_VAR_DIR", tempfile.mkdtemp(prefix="nt-load-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ["RATELIMIT_ENTERPRISE_PER_HOUR"] = str(10**9)
PYTHON = sys.executable
LUA = ROOT / "bench" / "wrk.lua"


def seed(guild_id: int, items: int) -> str:
    """Top the guild up to ``items`` and return a new key (seed_load's last line)."""
    command = [PYTHON, "manage.py", "seed_load", f"--guild-id={guild_id}", f"--items={items}"]
    output = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    return output.stdout.strip().splitlines()[-1]


def scenarios(guild_id: int, channel_id: int, item_ids: list[str]) -> list[tuple[str, dict]]:
    base = f"/v1/guilds/{guild_id}/action-items"
    ids = ",".join(item_ids)
    create = f'{{"channel_id": "{channel_id}", "text": "Load test item", "priority": "high"}}'
    return [
        ("bare Django JSON view", {"PATH_TEMPLATE": "/bench/bare"}),
        ("the key's guilds (1 row)", {"PATH_TEMPLATE": "/v1/guilds"}),
        ("list (default)", {"PATH_TEMPLATE": base}),
        (
            "list status+priority, sort=updated_at asc",
            {"PATH_TEMPLATE": f"{base}?status=pending&priority=high&sort=updated_at&order=asc"},
        ),
        (
            "list channel, sort=priority",
            {"PATH_TEMPLATE": f"{base}?channel_id={channel_id}&sort=priority"},
        ),
        ("detail", {"PATH_TEMPLATE": base + "/{id}", "ITEM_IDS": ids}),
        ("create (POST)", {"PATH_TEMPLATE": base, "METHOD": "POST", "BODY": create}),
        (
            "status change (PATCH)",
            {"PATH_TEMPLATE": base + "/{id}/status", "METHOD": "PATCH", "ITEM_IDS": ids,
             "RANDOM_STATUS": "1"},
        ),
    ]  # fmt: skip


def wrk(url: str, env: dict, connections: int, seconds: int) -> tuple[float, float, float, int]:
    command = ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s"]
    command += ["-s", str(LUA), url]
    output = subprocess.run(
        command, env=os.environ | env, check=True, capture_output=True, text=True
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    rps, p50, p99, errors = line.split()[1:]
    return float(rps), float(p50), float(p99), int(errors)


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU seconds used so far by the server's workers, PostgreSQL and Redis."""
    used = {"gunicorn": 0.0, "postgres": 0.0, "redis": 0.0}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except (OSError, ValueError):
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        # Own time, plus that of exited children (PostgreSQL's ended backends).
        seconds = sum(int(field) for field in fields[11:15]) / tick
        if int(fields[1]) == server_pid or entry.name == str(server_pid):
            used["gunicorn"] += seconds
        elif name == "postgres":
            used["postgres"] += seconds
        elif name.startswith("redis-server"):
            used["redis"] += seconds
    return used


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--guild-id", type=int, default=880_000_000_000_000_008)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--port", type=int, default=8408)
    args = parser.parse_args()

    key = seed(args.guild_id, args.items)
    import django

    django.setup()
    from actionitems.models import ActionItem
    from guilds.models import Channel

    channel_id = Channel.objects.filter(guild_id=args.guild_id).order_by("id").first().id
    item_ids = list(
        ActionItem.objects.filter(guild_id=args.guild_id)
        .order_by("-created_at")
        .values_list("public_id", flat=True)[:1000]
    )
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "noteticketing.wsgi", f"--workers={args.workers}",
         f"--threads={args.threads}", f"--bind=127.0.0.1:{args.port}", "--log-level=warning"],
        cwd=ROOT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{args.port}"
    try:
        wait_for(f"{base}/v1/health")
        print(
            f"{args.items:,} items, gunicorn {args.workers} workers x {args.threads} threads, "
            f"wrk {args.connections} connections x {args.seconds} s each, load average before "
            f"{' '.join(f'{n:.2f}' for n in os.getloadavg())}\n"
        )
        print(
            f"{'scenario':<44}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
            "   CPU ms/request: gunicorn postgres redis"
        )
        results = {}
        for name, env in scenarios(args.guild_id, channel_id, item_ids):
            env = env | {"API_KEY": key}
            wrk(base, env, args.connections, 2)  # warm the workers' connections and caches
            before = cpu_seconds(server.pid)
            results[name] = wrk(base, env, args.connections, args.seconds)
            after = cpu_seconds(server.pid)
            rps, p50, p99, errors = results[name]
            served = rps * args.seconds
            cpu = "".join(f"{(after[k] - before[k]) / served * 1000:>9.2f}" for k in after)
            print(f"{name:<44}{rps:>9.0f}{p50:>9.1f}{p99:>9.1f}{errors:>8}   {cpu}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    bare = results["bare Django JSON view"][0]
    print(f"\nlist (default) / bare view throughput: {results['list (default)'][0] / bare:.2f}")
    print(f"load average after: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
