"""
Settings of the resource server: this same project, run beside the provider
with DJANGO_SETTINGS_MODULE=mysite.resource_server, on a database of its own.

It issues no tokens. It asks the provider about each token it is sent (RFC 7662
introspection) and believes the answer for a bounded time, the revocation lag.
tokenauth's middleware, backend and checks work here unchanged.
"""

import os

from .settings import *  # noqa: F403
from .settings import BASE_DIR, DATABASES, INSTALLED_APPS, MIDDLEWARE, OAUTH2_PROVIDER

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A new dict: changed in place, settings.py's would change too, in any
    # process that reads both, such as a test run.
    own = {**DATABASES["default"], "NAME": BASE_DIR / "resource_server.sqlite3"}
    DATABASES = {"default": own}

# No provider endpoints: the admin, the login page and the views.
ROOT_URLCONF = "mysite.resource_urls"

# Where the provider runs.
PROVIDER_URL = os.environ.get("PROVIDER_URL", "http://127.0.0.1:8000")

# --8<-- [start:introspection]
INSTALLED_APPS = [*INSTALLED_APPS, "introspection"]

OAUTH2_PROVIDER = {
    **OAUTH2_PROVIDER,
    # Asks the provider, with a timeout, and remembers every answer for the lag.
    "OAUTH2_VALIDATOR_CLASS": "introspection.validator.IntrospectionValidator",
    "RESOURCE_SERVER_INTROSPECTION_URL": f"{PROVIDER_URL}/o/introspect/",
    # This server's client id and secret at the provider, from `manage.py
    # resourceserver` there. They do not expire. Keep them out of the code,
    # like a password.
    "RESOURCE_SERVER_INTROSPECTION_CREDENTIALS": (
        os.environ.get("INTROSPECTION_CLIENT_ID", ""),
        os.environ.get("INTROSPECTION_CLIENT_SECRET", ""),
    ),
    # The revocation lag: a token revoked at the provider, or one whose user
    # was deactivated there, still opens this server for at most this long.
    # DOT's default is 36 000 seconds, ten hours.
    "RESOURCE_SERVER_TOKEN_CACHING_SECONDS": 30,
}

# How long a request waits for the provider: to connect, then to read.
TOKEN_INTROSPECTION_TIMEOUT = 2
# How long it waits to refresh a good answer past the lag; then, and while
# the provider cannot answer, the good answer serves ("stale if error") for
# STALE_SECONDS more, five minutes. A token the provider called "not active"
# stays refused.
TOKEN_INTROSPECTION_REFRESH_TIMEOUT = 0.5
TOKEN_INTROSPECTION_STALE_SECONDS = 300
# The breaker opens after this many failures in a row: then one request asks
# the provider every PROBE_SECONDS, and the others do not wait for it.
TOKEN_INTROSPECTION_BREAKER_FAILURES = 3
TOKEN_INTROSPECTION_PROBE_SECONDS = 2

# A request whose token the provider could not check gets 503 and Retry-After.
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("tokenauth.middleware.BearerTokenMiddleware") + 1,
    "introspection.middleware.RetryLaterMiddleware",
)

# Where every worker finds the answers any of them got, the breaker's state
# and the counts: Redis, where the environment names one (the topology
# starts it); in this process's memory otherwise, as for runserver.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's RedisCache, keeping one redis-py client for all calls.
            "BACKEND": "introspection.rediscache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # Handed to redis-py's connection pool. Redis answers in a
            # millisecond; one that is stopped or hung is not waited for
            # longer than this (redis-py's default is 5 s a call), and the
            # introspection app goes on without it (introspection/shared.py).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# --8<-- [end:introspection]
