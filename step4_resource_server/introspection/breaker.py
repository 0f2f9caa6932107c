"""
A circuit breaker for the provider, in the shared cache so that all workers
of the resource server see one state.

A busy provider that misses one timeout does not open it: only FAILURES
failures in a row do. Open, it lets one request ask the provider every
PROBE_SECONDS (a probe), and every other request goes on at once with what
is known; the first answer from the provider closes it. An attacker who
slows the provider down can make requests wait, but cannot keep it open
while the provider answers.
"""

import logging
import math
import time

from . import counters
from .conf import setting
from .shared import cache

log = logging.getLogger(__name__)

FAILURES = "introspection:breaker:failures"
OPEN = "introspection:breaker:open"
PROBE = "introspection:breaker:probe"


def probe_seconds():
    return setting("TOKEN_INTROSPECTION_PROBE_SECONDS")


def read(*keys):
    """
    The breaker's state, and the values of `keys`, in one trip to the cache:
    ({"open": time or None, "failures": count or None}, [values]).
    """
    found = cache.get_many([OPEN, FAILURES, *keys])
    state = {"open": found.get(OPEN), "failures": found.get(FAILURES)}
    return state, [found.get(key) for key in keys]


def allows_a_request(state):
    """Whether this request may ask the provider: closed, or its turn to probe."""
    if state["open"] is None:
        return True
    return cache.add(PROBE, True, timeout=probe_seconds())


def failed(reason):
    """The provider did not answer; open after enough failures in a row."""
    failures = counters.add_to(FAILURES)
    if failures >= setting("TOKEN_INTROSPECTION_BREAKER_FAILURES") and cache.add(
        OPEN, time.time(), timeout=None
    ):
        # The first probe comes one interval from now.
        cache.set(PROBE, True, timeout=probe_seconds())
        counters.add("breaker-opened")
        log.warning(
            "Introspection breaker open after %d failures in a row; "
            "one probe every %ss. Last: %s",
            failures,
            probe_seconds(),
            reason,
        )


def succeeded(state):
    """The provider answered: close, and count failures from naught again."""
    if state["open"] is not None:
        log.warning("Introspection breaker closed: the provider answers again")
    if state["open"] is not None or state["failures"]:
        cache.delete_many([FAILURES, OPEN])


def state():
    """
    ("closed", None) or ("open", seconds since it opened). Unlike a request,
    it raises shared.Unreachable when the cache cannot say.
    """
    opened = cache.backend.get(OPEN)
    return ("closed", None) if opened is None else ("open", time.time() - opened)


def retry_after():
    """Seconds a client should wait before it tries again, for Retry-After."""
    return max(1, math.ceil(probe_seconds()))
