"""
Counts of what introspection did, kept in the shared cache so that every
worker adds to the same figures. `manage.py introspection` prints them.
While the cache cannot be reached, nothing is counted (see shared.py).
"""

from .shared import cache

PREFIX = "introspection:count:"

#: What is counted, with the words `manage.py introspection` prints.
NAMES = {
    "asked": "introspections",
    "failed": "failures (no answer, an error, not JSON, not an object)",
    "stale": "answered from a known answer past the lag (stale if error)",
    "refused:inactive": "refused: the provider said not active",
    "refused:no-account": "refused: no account here that a token may use",
    "refused:malformed": "refused: an answer with a bad exp, scope or aud",
    "unverified": "could not be checked: 503, try again",
    "breaker-opened": "times the breaker opened",
}


def add(name):
    """Count one `name`."""
    add_to(PREFIX + name)


def add_to(key):
    """Add one to the count at `key`, atomically where the cache is (Redis)."""
    while True:
        try:
            return cache.incr(key)
        except ValueError:  # the first one, or deleted since (breaker.succeeded)
            if cache.add(key, 1, timeout=None):
                return 1


def counts():
    """
    {name: count} for every name, 0 for those never counted. Unlike a
    request, it raises shared.Unreachable when the cache cannot say.
    """
    found = cache.backend.get_many([PREFIX + name for name in NAMES])
    return {name: found.get(PREFIX + name, 0) for name in NAMES}
