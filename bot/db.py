"""Calling the synchronous Django side from the bot's event loop.

Every database touch goes through :func:`db`: a small pool of worker threads runs the
function, after dropping a connection that is too old or broken, as a long-running
process must. The function loads everything the caller will read, so no lazy query
happens on the event loop (which Django refuses).

A pool rather than asgiref's single ``thread_sensitive`` thread: with twenty
interactions at once, one thread queued them behind each other (p95 of 450 ms measured
by bench/interaction_latency.py); each thread keeps its own database connection.
SQLite takes one writer at a time whatever the threads, so there it is one thread.
"""

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from django.db import close_old_connections, connection

P = ParamSpec("P")
T = TypeVar("T")
POOL_THREADS = 8

_executor: ThreadPoolExecutor | None = None


def _pool() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        threads = 1 if connection.vendor == "sqlite" else POOL_THREADS
        _executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="db")
    return _executor


def _fresh(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    close_old_connections()
    return fn(*args, **kwargs)


async def db(fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    call = functools.partial(_fresh, fn, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_pool(), call)
