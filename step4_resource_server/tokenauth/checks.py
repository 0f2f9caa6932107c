"""
System checks: `manage.py check` (and runserver) reports the settings that
make token authentication unsafe or broken.
"""

from contextlib import suppress

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.core.checks import Error, Tags, Warning, register
from django.utils.module_loading import import_string
from oauth2_provider.backends import OAuth2Backend
from oauth2_provider.middleware import OAuth2TokenMiddleware
from oauth2_provider.settings import oauth2_settings

from .backends import BearerTokenBackend


def classes(dotted_paths):
    """The classes a setting names; one that does not import is Django's to report."""
    found = []
    for path in dotted_paths:
        with suppress(ImportError):
            found.append(import_string(path))
    return found


def first_index(classes, base):
    return next((i for i, cls in enumerate(classes) if issubclass(cls, base)), None)


@register(Tags.security)
def check_token_authentication(app_configs, **kwargs):
    middleware = classes(settings.MIDDLEWARE)
    backends = classes(settings.AUTHENTICATION_BACKENDS)
    token = first_index(middleware, OAuth2TokenMiddleware)
    authentication = first_index(middleware, AuthenticationMiddleware)
    problems = []

    if token is not None and authentication is None:
        problems.append(
            Error(
                "AuthenticationMiddleware is missing from MIDDLEWARE.",
                hint="Without it, a request with no valid token has no request.user, "
                "and login_required fails with a server error. Add it before the "
                "token middleware.",
                id="tokenauth.E001",
            )
        )
    elif token is not None and token < authentication:
        problems.append(
            Warning(
                "The token middleware comes before AuthenticationMiddleware.",
                hint="A Bearer token then replaces the user of a logged-in session. "
                "Put the token middleware right after AuthenticationMiddleware.",
                id="tokenauth.W002",
            )
        )

    if first_index(backends, ModelBackend) is None:
        problems.append(
            Warning(
                "No ModelBackend in AUTHENTICATION_BACKENDS.",
                hint="Nothing checks passwords, so nobody can log in to the admin "
                "or at the login page. Add django.contrib.auth.backends.ModelBackend.",
                id="tokenauth.W003",
            )
        )

    if OAuth2Backend in backends:
        problems.append(
            Warning(
                "oauth2_provider.backends.OAuth2Backend is in AUTHENTICATION_BACKENDS.",
                hint="It lets the Bearer header of a request stand in for the "
                "password at every login form. Use tokenauth.backends."
                "BearerTokenBackend instead.",
                id="tokenauth.W004",
            )
        )

    offered = set(oauth2_settings.SCOPES)
    for backend in backends:
        if issubclass(backend, BearerTokenBackend):
            missing = sorted(set(backend.required_scopes) - offered)
            if missing:
                problems.append(
                    Error(
                        f"{backend.__name__} requires scopes that no token can have: "
                        f"{', '.join(missing)}.",
                        hint="Add them to OAUTH2_PROVIDER['SCOPES'].",
                        id="tokenauth.E005",
                    )
                )
    return problems
