"""The benchmark's settings with DOT's own middleware, backend and validator."""

from bench.settings import *  # noqa: F403

MIDDLEWARE = [  # noqa: F405
    name.replace(
        "tokenauth.middleware.BearerTokenMiddleware",
        "oauth2_provider.middleware.OAuth2TokenMiddleware",
    )
    for name in MIDDLEWARE  # noqa: F405
]
AUTHENTICATION_BACKENDS = [
    "oauth2_provider.backends.OAuth2Backend",
    "django.contrib.auth.backends.ModelBackend",
]
OAUTH2_PROVIDER = {
    key: value
    for key, value in OAUTH2_PROVIDER.items()  # noqa: F405
    if key != "OAUTH2_VALIDATOR_CLASS"
}
