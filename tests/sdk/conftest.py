"""The live server the Python and JavaScript SDK suites run against (see ``live_server``).

Started once per session, on first use: ``live_api`` yields a ``LiveAPI`` with
``base_url`` (``http://127.0.0.1:PORT/v1``), ``api_key`` (the demo member, every
permission), ``limited_key`` (the same member, a few requests per few seconds),
``guild_id``, ``user_id``, ``channel_ids``, ``env`` (the server's environment),
``manage(*args)`` and ``create_key(user_id, tier)``.
"""

from collections.abc import Iterator

import pytest

from tests.sdk.live_server import LiveAPI, running_live_api


@pytest.fixture(scope="session")
def live_api(tmp_path_factory) -> Iterator[LiveAPI]:
    with running_live_api(tmp_path_factory.mktemp("live-api")) as api:
        yield api
