"""
System checks: `manage.py check` (and runserver) reports the settings that
make token logins unsafe or broken. Each check has one concern; apps.py
registers them all.
"""

from contextlib import suppress

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import (
    AuthenticationMiddleware,
    LoginRequiredMiddleware,
)
from django.core.checks import Error, Warning
from django.utils.module_loading import import_string
from oauth2_provider.backends import OAuth2Backend
from oauth2_provider.middleware import OAuth2TokenMiddleware
from oauth2_provider.scopes import get_scopes_backend
from oauth2_provider.settings import oauth2_settings

from .backends import BearerTokenBackend
from .middleware import BearerTokenMiddleware


def classes(dotted_paths):
    """
    The classes a setting names. A path that does not import is Django's to
    report, and a function (a function-style middleware) is no class.
    """
    found = []
    for path in dotted_paths:
        with suppress(ImportError):
            imported = import_string(path)
            if isinstance(imported, type):
                found.append(imported)
    return found


def index_of(classes, base):
    """Where the first subclass of `base` is in `classes`, or None."""
    return next((i for i, cls in enumerate(classes) if issubclass(cls, base)), None)


def token_backend_classes():
    """The BearerTokenBackend classes that AUTHENTICATION_BACKENDS names."""
    return [
        backend
        for backend in classes(settings.AUTHENTICATION_BACKENDS)
        if issubclass(backend, BearerTokenBackend)
    ]


def check_authentication_middleware(app_configs, **kwargs):
    middleware = classes(settings.MIDDLEWARE)
    if index_of(middleware, OAuth2TokenMiddleware) is None:
        return []
    if index_of(middleware, AuthenticationMiddleware) is not None:
        return []
    return [
        Error(
            "AuthenticationMiddleware is missing from MIDDLEWARE.",
            hint="Without it, a request with no valid token has no request.user, "
            "and login_required fails with a server error. Add it before the "
            "token middleware.",
            id="tokenauth.E001",
        )
    ]


def check_other_token_middleware(app_configs, **kwargs):
    # DOT's middleware logs a token's user in before any view is known, for
    # every view: the admin's and DOT's own included.
    return [
        Error(
            f"{cls.__module__}.{cls.__qualname__} is in MIDDLEWARE.",
            hint="It logs tokens in for every view before BearerTokenMiddleware "
            "can refuse them, the admin's and DOT's included. Remove it: "
            "tokenauth.middleware.BearerTokenMiddleware does its work.",
            id="tokenauth.E008",
        )
        for cls in classes(settings.MIDDLEWARE)
        if issubclass(cls, OAuth2TokenMiddleware)
        and not issubclass(cls, BearerTokenMiddleware)
    ]


def check_login_required_middleware(app_configs, **kwargs):
    middleware = classes(settings.MIDDLEWARE)
    token = index_of(middleware, BearerTokenMiddleware)
    login_required = index_of(middleware, LoginRequiredMiddleware)
    if token is None or login_required is None or token < login_required:
        return []
    return [
        Error(
            "LoginRequiredMiddleware comes before BearerTokenMiddleware.",
            hint="It redirects a request to the login page before its token is "
            "read. Move BearerTokenMiddleware before it, right after "
            "AuthenticationMiddleware.",
            id="tokenauth.E009",
        )
    ]


def check_middleware_order(app_configs, **kwargs):
    # BearerTokenMiddleware decides after every middleware has run, in
    # process_view; DOT's own middleware decides where it stands.
    middleware = classes(settings.MIDDLEWARE)
    token = next(
        (
            i
            for i, cls in enumerate(middleware)
            if issubclass(cls, OAuth2TokenMiddleware)
            and not issubclass(cls, BearerTokenMiddleware)
        ),
        None,
    )
    authentication = index_of(middleware, AuthenticationMiddleware)
    if token is None or authentication is None or token > authentication:
        return []
    return [
        Warning(
            "DOT's OAuth2TokenMiddleware comes before AuthenticationMiddleware.",
            hint="A Bearer token then replaces the user of a logged-in session. "
            "Use tokenauth.middleware.BearerTokenMiddleware, right after "
            "AuthenticationMiddleware.",
            id="tokenauth.W002",
        )
    ]


def check_model_backend(app_configs, **kwargs):
    if index_of(classes(settings.AUTHENTICATION_BACKENDS), ModelBackend) is not None:
        return []
    return [
        Warning(
            "No ModelBackend in AUTHENTICATION_BACKENDS.",
            hint="Nothing checks passwords, so nobody can log in to the admin "
            "or at the login page. Add django.contrib.auth.backends.ModelBackend.",
            id="tokenauth.W003",
        )
    ]


def check_dot_backend(app_configs, **kwargs):
    if OAuth2Backend not in classes(settings.AUTHENTICATION_BACKENDS):
        return []
    return [
        Warning(
            "oauth2_provider.backends.OAuth2Backend is in AUTHENTICATION_BACKENDS.",
            hint="It lets the Bearer header of a request stand in for the "
            "password at every login form. Use tokenauth.backends."
            "BearerTokenBackend instead.",
            id="tokenauth.W004",
        )
    ]


def check_required_scopes(app_configs, **kwargs):
    offered = set(oauth2_settings.SCOPES)
    problems = []
    for backend in token_backend_classes():
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


def check_token_backend(app_configs, **kwargs):
    if index_of(classes(settings.MIDDLEWARE), BearerTokenMiddleware) is None:
        return []
    if token_backend_classes():
        return []
    return [
        Error(
            "BearerTokenMiddleware is in MIDDLEWARE, but no BearerTokenBackend is "
            "in AUTHENTICATION_BACKENDS.",
            hint="Tokens then log nobody in. Add tokenauth.backends."
            "BearerTokenBackend to AUTHENTICATION_BACKENDS.",
            id="tokenauth.E006",
        )
    ]


def check_default_scopes(app_configs, **kwargs):
    required = {
        scope
        for backend in token_backend_classes()
        for scope in backend.required_scopes
    }
    # Asked as DOT asks, of its scopes backend: SettingsScopes reads
    # DEFAULT_SCOPES (where "__all__" stands for every scope), and a
    # SCOPES_BACKEND_CLASS of the project's own may decide otherwise.
    given = required & set(get_scopes_backend().get_default_scopes())
    if not given:
        return []
    return [
        Warning(
            f"A client that asks for no scope is given {', '.join(sorted(given))}.",
            hint="DOT grants the default scopes of its scopes backend (by "
            "default OAUTH2_PROVIDER['DEFAULT_SCOPES'], every scope) to a client "
            'that names none. Make them scopes that cannot log in, such as ["read"].',
            id="tokenauth.W007",
        )
    ]


ALL = [
    check_authentication_middleware,
    check_other_token_middleware,
    check_login_required_middleware,
    check_middleware_order,
    check_model_backend,
    check_dot_backend,
    check_required_scopes,
    check_token_backend,
    check_default_scopes,
]
