"""
The resource server's settings for introspection, with their defaults.

DOT's own settings (OAUTH2_PROVIDER) name the provider and the revocation lag;
these say how long to wait for it, and what to do while it cannot answer.
"""

from django.conf import settings

DEFAULTS = {
    # How long a request waits for the provider: to connect, then to read.
    "TOKEN_INTROSPECTION_TIMEOUT": 2,
    # How long it waits to refresh an answer past the lag, when the answer it
    # has is good: after that, the answer it has serves (stale if error).
    "TOKEN_INTROSPECTION_REFRESH_TIMEOUT": 0.5,
    # How long after the lag a good answer still holds while the provider
    # cannot answer ("stale if error"). A revoked token's "not active" holds
    # whatever happens.
    "TOKEN_INTROSPECTION_STALE_SECONDS": 300,
    # Failures in a row after which the breaker opens: then only one request
    # asks the provider, every PROBE_SECONDS, and the others do not wait.
    "TOKEN_INTROSPECTION_BREAKER_FAILURES": 3,
    "TOKEN_INTROSPECTION_PROBE_SECONDS": 2,
}


def setting(name):
    return getattr(settings, name, DEFAULTS[name])
