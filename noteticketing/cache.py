"""Django's Redis cache, keeping one client per connection pool.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` around its pool for
every operation; that costs as much CPU as the command itself, and an API
request makes several (rate-limit counters, list totals). A client over a pool
is thread-safe, so one per pool serves every operation.

``incr`` is one atomic script instead of Django's EXISTS then INCR: a round trip
less on every rate-limited request, and a counter that expires between the two
commands can no longer come back as a key without an expiry, which would never
reset its window.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import DatabaseError
from redis.exceptions import RedisError

# What a cache operation raises when the cache is down: Redis, or the database of
# the embedded default's database cache.
CACHE_ERRORS = (RedisError, DatabaseError, OSError)


# INCRBY only a key that exists; nil when it does not.
_INCR_EXISTING = """
if redis.call('EXISTS', KEYS[1]) == 1 then
    return redis.call('INCRBY', KEYS[1], ARGV[1])
end
return false
"""


class PooledClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._incr_scripts = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        script = self._incr_scripts.get(id(client))
        if script is None:
            script = self._incr_scripts[id(client)] = client.register_script(_INCR_EXISTING)
        value = script(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class PooledRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledClientRedisCacheClient
