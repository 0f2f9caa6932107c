"""
Settings of the resource server: this same project, run beside the provider
with DJANGO_SETTINGS_MODULE=mysite.resource_server, on a database of its own.

It issues no tokens. It asks the provider about each token it is sent (RFC 7662
introspection) and believes the answer for a bounded time, the revocation lag.
tokenauth's middleware, backend and checks work here unchanged.
"""

import os

from .settings import *  # noqa: F403
from .settings import BASE_DIR, DATABASES, OAUTH2_PROVIDER

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["NAME"] = BASE_DIR / "resource_server.sqlite3"

# No provider endpoints: the admin, the login page and the views.
ROOT_URLCONF = "mysite.resource_urls"

# Where the provider runs.
PROVIDER_URL = os.environ.get("PROVIDER_URL", "http://127.0.0.1:8000")

# --8<-- [start:introspection]
OAUTH2_PROVIDER = {
    **OAUTH2_PROVIDER,
    # Asks the provider, with a timeout, and remembers every answer for the lag.
    "OAUTH2_VALIDATOR_CLASS": "tokenauth.introspection.IntrospectionValidator",
    "RESOURCE_SERVER_INTROSPECTION_URL": f"{PROVIDER_URL}/o/introspect/",
    # This server's own token at the provider, with the scope "introspection".
    # Keep it out of the code, like a password.
    "RESOURCE_SERVER_AUTH_TOKEN": os.environ.get("INTROSPECTION_TOKEN"),
    # The revocation lag: a token revoked at the provider, or one whose user
    # was deactivated there, still opens this server for at most this long.
    # DOT's default is 36 000 seconds, ten hours.
    "RESOURCE_SERVER_TOKEN_CACHING_SECONDS": 30,
}

# How long a request waits for the provider's answer, in seconds.
TOKEN_INTROSPECTION_TIMEOUT = 2

# Where every worker finds the answers any of them got: a table in this
# server's database (manage.py createcachetable makes it).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "introspection_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
# --8<-- [end:introspection]
