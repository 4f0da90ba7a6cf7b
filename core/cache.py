"""The shared cache's Redis backend: Django's, with one client kept per connection pool and
counters counted in one round trip.

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


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _KeptClient

    def count_up(self, counters):
        """Adds one to each counter (``{key: seconds it lives from its first count}``) and
        returns the new values, in one round trip."""
        pipe = self._cache.get_client(write=True).pipeline(transaction=False)
        keys = [self.make_and_validate_key(key) for key in counters]
        for key, seconds in zip(keys, counters.values(), strict=True):
            pipe.set(key, 0, ex=seconds, nx=True)
            pipe.incr(key)
        return pipe.execute()[1::2]


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
