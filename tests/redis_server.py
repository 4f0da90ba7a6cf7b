"""Whether the Redis server of this machine answers (tests of the shared cache skip without)."""

import socket

import pytest

ADDRESS = ("127.0.0.1", 6379)


def redis_reachable():
    try:
        socket.create_connection(ADDRESS, timeout=0.5).close()
        return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not redis_reachable(), reason="needs Redis on 127.0.0.1:6379")
