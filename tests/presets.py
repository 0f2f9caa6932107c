"""
The token setups a test puts a step's settings in: DOT's own classes
("stock"), this tutorial's ("hardened"), and where the middleware sits.
"""

from dataclasses import dataclass

AUTHENTICATION_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
LOGIN_REQUIRED_MIDDLEWARE = "django.contrib.auth.middleware.LoginRequiredMiddleware"


@dataclass(frozen=True)
class TokenSetup:
    """A token middleware and the backend that goes with it."""

    middleware: str
    backend: str


# What DOT's tutorial configures, and what this tutorial's steps 2 and 3 use.
STOCK = TokenSetup(
    "oauth2_provider.middleware.OAuth2TokenMiddleware",
    "oauth2_provider.backends.OAuth2Backend",
)
HARDENED = TokenSetup(
    "tokenauth.middleware.BearerTokenMiddleware",
    "tokenauth.backends.BearerTokenBackend",
)

# Where the two middlewares sit, in the names the docs use.
ORDERS = {
    "after": lambda token: [AUTHENTICATION_MIDDLEWARE, token],
    "before": lambda token: [token, AUTHENTICATION_MIDDLEWARE],
    "token only": lambda token: [token],
    "session only": lambda token: [AUTHENTICATION_MIDDLEWARE],
}


def use_token_setup(settings, setup, order="after"):
    """Point the settings at `setup`, its middleware placed as `order` says."""
    placed = {AUTHENTICATION_MIDDLEWARE, STOCK.middleware, HARDENED.middleware}
    others = [name for name in settings.MIDDLEWARE if name not in placed]
    at = others.index("django.middleware.csrf.CsrfViewMiddleware") + 1
    settings.MIDDLEWARE = [*others[:at], *ORDERS[order](setup.middleware), *others[at:]]
    settings.AUTHENTICATION_BACKENDS = [setup.backend, MODEL_BACKEND]
