#!/usr/bin/env bash
# Run the whole service on this machine with nothing but Python: `make run`.
#
# Prepares the database (SQLite under var/ unless DATABASE_URL is set), seeds a demo
# guild with an API key and an admin user, starts gunicorn and a Celery worker with
# embedded beat (filesystem broker under var/ unless REDIS_URL is set), waits until
# the API answers, prints how to use it, and stops both on Ctrl-C or SIGTERM.
#
# PORT (default 8000), WEB_CONCURRENCY (gunicorn workers, default 2),
# WORKER_CONCURRENCY (Celery processes, default 2), STARTUP_TIMEOUT (seconds, default 120).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PORT="${PORT:-8000}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-120}"
PY="$ROOT/.venv/bin/python"
VAR_DIR="${NOTETICKETING_VAR_DIR:-$ROOT/var}"
mkdir -p "$VAR_DIR/log"
VAR_DIR="$(cd "$VAR_DIR" && pwd)"
LOG_DIR="$VAR_DIR/log"
SETUP_LOG="$LOG_DIR/setup.log"
WEB_LOG="$LOG_DIR/web.log"
WORKER_LOG="$LOG_DIR/worker.log"
# Every process must agree on one var/ folder, whatever its working directory.
export NOTETICKETING_VAR_DIR="$VAR_DIR"
export PYTHONUNBUFFERED=1

say() { printf '==> %s\n' "$*"; }
fail() {
    printf 'ERROR: %s\n' "$*" >&2
    exit 1
}

# A management command, its output appended to the setup log; on failure, show it.
manage() {
    if ! "$PY" manage.py "$@" >>"$SETUP_LOG" 2>&1; then
        tail -n 30 "$SETUP_LOG" >&2
        fail "manage.py $* failed (full output in $SETUP_LOG)"
    fi
}

# The last line a management command prints to stdout, which is JSON.
manage_json() {
    local output
    if ! output="$("$PY" manage.py "$@" 2>>"$SETUP_LOG")"; then
        tail -n 30 "$SETUP_LOG" >&2
        fail "manage.py $* failed (full output in $SETUP_LOG)"
    fi
    printf '%s\n' "$output" >>"$SETUP_LOG"
    printf '%s\n' "$output" | sed '/^[[:space:]]*$/d' | tail -n 1
}

# json_field JSON NAME: one field of a JSON object; lists come out comma-separated.
json_field() {
    "$PY" -c '
import json, sys
value = json.loads(sys.argv[1])[sys.argv[2]]
print(",".join(map(str, value)) if isinstance(value, list) else value)
' "$1" "$2"
}

port_is_free() {
    "$PY" -c '
import socket, sys
with socket.socket() as s:
    # As servers do: connections of a previous run lingering in TIME_WAIT are no obstacle.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", int(sys.argv[1])))
    except OSError:
        sys.exit(1)
' "$PORT"
}

api_is_healthy() {
    "$PY" -c '
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=2) as response:
        sys.exit(0 if response.status == 200 else 1)
except Exception:
    sys.exit(1)
' "http://127.0.0.1:$PORT/v1/health"
}

WEB_PID=""
WORKER_PID=""

is_running() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# Run a command in a process group of its own. A Ctrl-C on the terminal then reaches
# only make and this script, which stops gunicorn and Celery with one SIGTERM each: both
# read SIGINT as "stop now", and a terminal's SIGINT followed by our SIGTERM left
# gunicorn workers waiting out their graceful timeout. The kernel also sends the
# command SIGTERM if this script dies (PR_SET_PDEATHSIG), so that nothing outlives it
# even when it cannot run its own stop.
own_group() {
    exec "$PY" -c '
import ctypes, os, signal, sys
os.setpgrp()
PR_SET_PDEATHSIG = 1
ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
os.execv(sys.argv[1], sys.argv[1:])
' "$@"
}

stop_processes() {
    local pid waited=0
    for pid in $WEB_PID $WORKER_PID; do
        if is_running "$pid"; then kill -TERM "$pid" 2>/dev/null || true; fi
    done
    # gunicorn and Celery finish the requests and tasks in hand; give them a bounded while.
    while { is_running "$WEB_PID" || is_running "$WORKER_PID"; } && [ "$waited" -lt 60 ]; do
        sleep 0.5
        waited=$((waited + 1))
    done
    # Whatever is left of either process group (a stuck leader, an orphaned child) goes now.
    for pid in $WEB_PID $WORKER_PID; do
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}

on_exit() {
    local status=$?
    # make passes its SIGTERM on, so one stop request can arrive twice: finish stopping.
    trap '' INT TERM
    trap - EXIT
    if [ -n "$WEB_PID$WORKER_PID" ]; then
        say "Stopping NoteTicketing"
        stop_processes
        say "Stopped"
    fi
    exit "$status"
}
trap on_exit EXIT
# A stop request ignores the ones after it at once: make passes its SIGTERM on, and a
# second signal taken while stopping would end this script before it stopped anything.
trap 'trap "" INT TERM; exit 130' INT
trap 'trap "" INT TERM; exit 143' TERM

# Show the end of a process's log when it dies unexpectedly.
died() {
    printf '\nERROR: %s exited; the end of %s:\n' "$1" "$2" >&2
    tail -n 40 "$2" >&2 || true
    exit 1
}

say "Installing dependencies into .venv"
make --no-print-directory install

port_is_free || fail "port $PORT on 127.0.0.1 is in use; choose another with PORT=..."

: >"$SETUP_LOG"
: >"$WEB_LOG"
: >"$WORKER_LOG"
say "Preparing the database ($([ -n "${DATABASE_URL:-}" ] && echo DATABASE_URL || echo "SQLite in $VAR_DIR")); output in $SETUP_LOG"
manage migrate --noinput
manage collectstatic --noinput
say "Seeding the demo guild and the admin user"
DEMO="$(manage_json seed_demo --json)"
ADMIN="$(manage_json ensure_admin)"
API_KEY="$(json_field "$DEMO" api_key)"
GUILD_ID="$(json_field "$DEMO" guild_id)"
CHANNEL_IDS="$(json_field "$DEMO" channel_ids)"
ADMIN_USER="$(json_field "$ADMIN" username)"
ADMIN_PASSWORD="$(json_field "$ADMIN" password)"
say "Sweeping the demo transcript into the demo guild (a finished sweep, extracted items)"
manage sweep_transcript --guild "$GUILD_ID" sweeps/demo/transcript.json

say "Starting gunicorn on 127.0.0.1:$PORT (log: $WEB_LOG)"
(own_group "$ROOT/.venv/bin/gunicorn" noteticketing.wsgi \
    --bind "127.0.0.1:$PORT" \
    --workers "${WEB_CONCURRENCY:-2}" --threads 4 \
    --graceful-timeout 20 \
    --access-logfile - --error-logfile - \
    >>"$WEB_LOG" 2>&1) &
WEB_PID=$!

say "Starting the Celery worker with embedded beat ($([ -n "${REDIS_URL:-}" ] && echo "Redis broker" || echo "filesystem broker in $VAR_DIR/broker"); log: $WORKER_LOG)"
(own_group "$ROOT/.venv/bin/celery" -A noteticketing worker -B \
    --loglevel=info \
    --concurrency "${WORKER_CONCURRENCY:-2}" \
    >>"$WORKER_LOG" 2>&1) &
WORKER_PID=$!

worker_is_ready() { grep -q ' ready\.$' "$WORKER_LOG"; }

say "Waiting for the API and the worker (at most ${STARTUP_TIMEOUT}s)"
deadline=$((SECONDS + STARTUP_TIMEOUT))
until api_is_healthy && worker_is_ready; do
    is_running "$WEB_PID" || died "gunicorn" "$WEB_LOG"
    is_running "$WORKER_PID" || died "the Celery worker" "$WORKER_LOG"
    [ "$SECONDS" -lt "$deadline" ] || fail "not ready after ${STARTUP_TIMEOUT}s; see $WEB_LOG and $WORKER_LOG"
    sleep 0.5
done

BASE="http://127.0.0.1:$PORT"
cat <<EOF

================================================================================
  NoteTicketing is running.

  API:        $BASE/v1
  API docs:   $BASE/v1/docs
  Admin:      $BASE/admin/
  Admin user: $ADMIN_USER
  Password:   $ADMIN_PASSWORD
  API key:    $API_KEY
  Demo guild: $GUILD_ID (channels: $CHANNEL_IDS)

  Try it:
    curl -H "Authorization: Bearer $API_KEY" $BASE/v1/guilds
    curl -H "Authorization: Bearer $API_KEY" "$BASE/v1/guilds/$GUILD_ID/action-items?status=pending"

  Logs: $WEB_LOG
        $WORKER_LOG
  Stop: Ctrl-C
================================================================================

EOF

# Run until stopped; if either process dies on its own, stop the other and fail.
while true; do
    is_running "$WEB_PID" || died "gunicorn" "$WEB_LOG"
    is_running "$WORKER_PID" || died "the Celery worker" "$WORKER_LOG"
    sleep 1 &
    wait $! || true
done
