"""The shared cache's Redis backend (core/cache.py): one client per pool, counters in one command,
entries kept for good in one."""

import uuid

import pytest
from django.core.cache.backends.locmem import LocMemCache

from core.cache import RedisCache, count_up, set_forever
from tests.redis_server import needs_redis


@pytest.fixture
def redis_cache():
    cache = RedisCache("redis://127.0.0.1:6379/13", {"KEY_PREFIX": f"cache-test-{uuid.uuid4().hex}"})
    yield cache
    cache.clear()


@needs_redis
def test_calls_share_one_client_and_still_read_what_was_written(redis_cache):
    redis_cache.set("greeting", "مرحبا")
    assert redis_cache.get("greeting") == "مرحبا"
    assert redis_cache._cache.get_client(write=True) is redis_cache._cache.get_client(write=True)


@needs_redis
def test_counters_count_up_together_and_expire_from_their_first_count(redis_cache):
    counters = {"limit:a": 60, "limit:b": 600}
    assert count_up(redis_cache, counters) == [1, 1]
    assert count_up(redis_cache, counters) == [2, 2]
    assert count_up(redis_cache, {"limit:b": 600}) == [3]
    assert redis_cache.get("limit:a") == 2
    client = redis_cache._cache.get_client()
    assert 0 < client.ttl(redis_cache.make_key("limit:a")) <= 60
    assert 60 < client.ttl(redis_cache.make_key("limit:b")) <= 600


def test_another_cache_counts_the_same_way():
    cache = LocMemCache(f"count-{uuid.uuid4().hex}", {})
    counters = {"limit:a": 60, "limit:b": 600}
    assert count_up(cache, counters) == [1, 1]
    assert count_up(cache, {"limit:a": 60}) == [2]
    assert cache.get("limit:a") == 2 and cache.get("limit:b") == 1


@needs_redis
def test_counting_is_one_command_and_survives_a_redis_that_forgot_its_scripts(redis_cache):
    client = redis_cache._cache.get_client(write=True)
    assert count_up(redis_cache, {"limit:a": 60, "limit:b": 600}) == [1, 1]
    client.script_flush()  # a restarted Redis: the script is loaded again
    assert count_up(redis_cache, {"limit:a": 60}) == [2]
    sent = []
    original = client.execute_command

    def recorded(*args, **options):
        sent.append(args[0])
        return original(*args, **options)

    client.execute_command = recorded
    try:
        assert count_up(redis_cache, {"limit:a": 60, "limit:b": 600}) == [3, 2]
    finally:
        del client.execute_command
    assert sent == ["EVALSHA"]
    assert redis_cache.get("limit:a") == 3


@needs_redis
def test_entries_set_forever_are_read_back_with_no_expiry(redis_cache):
    redis_cache.set("tag:event", "old", 30)
    set_forever(redis_cache, {"tag:event": "4f2a", "generation": 7})
    assert redis_cache.get_many(["tag:event", "generation"]) == {"tag:event": "4f2a", "generation": 7}
    client = redis_cache._cache.get_client()
    assert client.ttl(redis_cache.make_key("tag:event")) == -1


def test_another_cache_sets_forever_the_same_way():
    cache = LocMemCache(f"forever-{uuid.uuid4().hex}", {})
    set_forever(cache, {"tag:event": "4f2a"})
    assert cache.get("tag:event") == "4f2a"
