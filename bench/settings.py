"""The service's settings plus ``/bench/bare``, for bench/load.py only; never deployed."""

from noteticketing.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
