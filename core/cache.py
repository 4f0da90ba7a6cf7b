"""The shared cache's Redis backend: Django's, with one client kept per connection pool,
counters counted in one command and entries kept for good written in one.

Django's backend builds a new Redis client object for every call (the connections themselves
are pooled); building one costs about as much as the round trip, and a signed-in request makes
several calls (its session, the rate limits, the page cache). Redis clients are safe to share
between threads, so one per pool is kept.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _KeptClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


# Each counter starts at 0 with its lifetime, unless it exists, and is counted up: one script
# instead of two commands a counter in a pipeline (a registration counts two).
COUNT_UP = """
local values = {}
for index, key in ipairs(KEYS) do
    redis.call("SET", key, 0, "EX", ARGV[index], "NX")
    values[index] = redis.call("INCR", key)
end
return values
"""


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _KeptClient
        self._count_up = None

    def count_up(self, counters):
        """Adds one to each counter (``{key: seconds it lives from its first count}``) and
        returns the new values, in one command (a script Redis keeps)."""
        client = self._cache.get_client(write=True)
        if self._count_up is None:
            self._count_up = client.register_script(COUNT_UP)
        keys = [self.make_and_validate_key(key) for key in counters]
        return self._count_up(keys=keys, args=list(counters.values()), client=client)

    def set_forever(self, entries):
        """Sets ``entries`` with no expiry in one command (Django's ``set_many`` sends three)."""
        cache = self._cache
        client = cache.get_client(write=True)
        client.mset({self.make_and_validate_key(key): cache._serializer.dumps(value) for key, value in entries.items()})


def count_up(cache, counters):
    """Adds one to each counter in ``cache`` and returns the new values: one round trip with
    Redis; with another cache (the demo's in-process one), a call or two per counter."""
    if isinstance(cache, RedisCache):
        return cache.count_up(counters)
    values = []
    for key, seconds in counters.items():
        cache.add(key, 0, timeout=seconds)
        try:
            values.append(cache.incr(key))
        except ValueError:  # the entry expired between the two calls: this is the window's first
            cache.set(key, 1, timeout=seconds)
            values.append(1)
    return values


def set_forever(cache, entries):
    """Sets ``entries`` in ``cache`` with no expiry: one command with Redis."""
    if isinstance(cache, RedisCache):
        cache.set_forever(entries)
    else:
        cache.set_many(entries, None)
