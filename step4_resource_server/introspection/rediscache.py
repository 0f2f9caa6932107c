"""
Django's Redis cache backend, keeping one redis-py client where Django's makes
one at every call.

Django's RedisCacheClient.get_client() builds a new redis.Redis around its
connection pool for each get, add, set or delete, and redis-py builds a table
of some 170 reply parsers for each new client. That costs several times the
round trip to Redis itself, and a request whose token the provider is asked
about makes five calls. A client is safe to share between threads, as its pool
is: this backend makes one per pool and keeps it.

    CACHES = {"default": {"BACKEND": "introspection.rediscache.RedisCache", ...}}
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # a connection pool: its client

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # Django's choice of server
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
