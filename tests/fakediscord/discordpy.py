"""Running a real discord.py client against the fake, from sync test code.

discord.py takes the REST base from ``discord.http.Route.BASE`` and, for a plain
``Client``/``commands.Bot``, the gateway from ``DiscordWebSocket.DEFAULT_GATEWAY`` (it never
asks ``/gateway/bot``); ``pointed_at(fake)`` sets both for the duration. ``ClientThread``
runs the client's event loop in a thread, records the events the test listens for, and
runs coroutines on that loop (``thread.call(client.tree.sync(guild=...))``).
"""

import asyncio
import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route


@contextlib.contextmanager
def pointed_at(fake) -> Iterator[None]:
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    Route.BASE = fake.api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield
    finally:
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


class ClientThread:
    """``client`` logged in to the fake on its own loop; ``events`` is every dispatched
    ``(name, args)`` whose name is in ``record`` (e.g. ``{"message", "raw_reaction_add"}``)."""

    def __init__(self, fake, client: discord.Client, record: set[str]):
        self.fake, self.client, self.record = fake, client, record
        self.events: list[tuple[str, tuple]] = []
        self.changed = threading.Condition()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, daemon=True, name="discord.py client")
        self.error: BaseException | None = None
        dispatch = client.dispatch

        def recording_dispatch(event: str, /, *args: Any, **kwargs: Any) -> None:
            if event in self.record:
                with self.changed:
                    self.events.append((event, args))
                    self.changed.notify_all()
            dispatch(event, *args, **kwargs)

        # The connection state keeps the dispatch it was built with; replace both.
        client.dispatch = client._connection.dispatch = recording_dispatch

    def start(self, timeout: float = 10) -> "ClientThread":
        self.thread.start()
        if self.wait_for("ready", timeout=timeout) is None:
            raise RuntimeError(f"the client did not get ready: {self.error!r}")
        return self

    def stop(self) -> None:
        """Close the client; ``start()`` returns on its loop and the thread ends."""
        if self.thread.is_alive():
            self.loop.call_soon_threadsafe(lambda: asyncio.ensure_future(self.client.close()))
        self.thread.join(10)

    def call(self, coroutine, timeout: float = 10) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def wait_for(
        self, name: str, check: Callable[..., bool] = lambda *args: True, timeout: float = 5
    ) -> tuple | None:
        """The arguments of the first recorded ``name`` event that passes ``check``."""

        def found():
            return next((a for n, a in self.events if n == name and check(*a)), None)

        with self.changed:
            self.changed.wait_for(lambda: found() is not None, timeout)
            return found()

    def named(self, name: str) -> list[tuple]:
        with self.changed:
            return [args for n, args in self.events if n == name]

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.record.add("ready")
        try:
            self.loop.run_until_complete(self.client.start(self.fake.token))
        except Exception as error:  # noqa: BLE001 -- start() reports it
            self.error = error
            with self.changed:
                self.changed.notify_all()
        finally:
            self.loop.run_until_complete(self.client.close())  # finishes a close under way
            pending = asyncio.all_tasks(self.loop)
            for task in pending:
                task.cancel()
            self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.close()
