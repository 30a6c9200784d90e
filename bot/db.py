"""Calling the synchronous Django side from the bot's event loop.

Every database touch goes through :func:`db`: one worker thread (asgiref's
``thread_sensitive`` executor) runs the function, after dropping a connection that is
too old or broken, as a long-running process must. The function loads everything the
caller will read, so no lazy query happens on the event loop (which Django refuses).
"""

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from asgiref.sync import sync_to_async
from django.db import close_old_connections

P = ParamSpec("P")
T = TypeVar("T")


def _fresh(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    close_old_connections()
    return fn(*args, **kwargs)


async def db(fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    return await sync_to_async(_fresh)(fn, *args, **kwargs)
