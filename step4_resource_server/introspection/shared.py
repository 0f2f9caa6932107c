"""
The shared cache, as introspection uses it: an optimisation and a place where
the workers agree, never a reason to refuse a request or to answer 500.

Django's RedisCache raises redis-py's errors when Redis is stopped, or hung
past the socket timeouts of its OPTIONS. Every call that introspection makes
goes through `cache` below instead, which answers as an empty cache would
when Redis cannot: nothing is known, nothing is kept, nothing is counted, and
whatever a worker would take in turn (a probe, the asking of the provider
about one token) is its own. Each worker then asks the provider as if it were
alone, with the provider's timeout, and keeps the good answers it gets as
AccessToken rows meanwhile, which serve for the lag, from the database (see
validator.py).

After a failure, a worker leaves Redis alone for PROBE_SECONDS rather than
wait for it at every call, and it logs once per kind of failure, then once
when Redis answers again.
"""

import logging
import time

from django.core import cache as django_cache

from .conf import setting

try:
    from redis import RedisError as Unreachable
except ImportError:  # no Redis client installed, so no RedisCache to fail

    class Unreachable(Exception):
        pass


log = logging.getLogger(__name__)


class SharedCache:
    """Django's default cache, answering as an empty one while out of reach."""

    def __init__(self):
        self.backend = django_cache.cache
        self.failing = None  # the kind of the last failure logged, until one call works
        self.retry_at = 0.0  # no call to the cache before then (time.monotonic())

    def call(self, method, default, *args, **kwargs):
        """The cache's `method`, or `default` while the cache is out of reach."""
        if self.failing is not None and time.monotonic() < self.retry_at:
            return default
        try:
            result = getattr(self.backend, method)(*args, **kwargs)
        except Unreachable as error:
            self.retry_at = time.monotonic() + setting(
                "TOKEN_INTROSPECTION_PROBE_SECONDS"
            )
            kind = type(error).__name__
            if kind != self.failing:
                log.warning(
                    "Cache unreachable (%s), introspection goes on without it, "
                    "nothing shared or counted: %s",
                    kind,
                    error,
                )
                self.failing = kind
            return default
        if self.failing is not None:
            log.warning("Cache reachable again")
            self.failing = None
        return result

    @property
    def out_of_reach(self):
        """Whether the cache failed, and no call has worked since."""
        return self.failing is not None

    def get(self, key):
        return self.call("get", None, key)

    def get_many(self, keys):
        return self.call("get_many", {}, keys)

    def add(self, key, value, timeout):
        """Whether this worker took `key`: with no cache to agree in, it did."""
        return self.call("add", True, key, value, timeout=timeout)

    def set(self, key, value, timeout):
        self.call("set", None, key, value, timeout=timeout)

    def delete(self, key):
        self.call("delete", None, key)

    def delete_many(self, keys):
        self.call("delete_many", None, keys)

    def incr(self, key):
        """The count at `key` plus one; 0 when not counted. ValueError if none yet."""
        return self.call("incr", 0, key)


cache = SharedCache()
