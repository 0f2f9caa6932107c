"""
Tokenauth's system checks report the settings that make token
authentication unsafe or broken, and stay quiet about this step's own.
"""

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from oauth2_provider.middleware import OAuth2TokenMiddleware
from oauth2_provider.scopes import SettingsScopes

from tests.presets import (
    AUTHENTICATION_MIDDLEWARE,
    HARDENED,
    LOGIN_REQUIRED_MIDDLEWARE,
    MODEL_BACKEND,
    STOCK,
    use_token_setup,
)
from tokenauth.middleware import BearerTokenMiddleware


def tokenauth_ids():
    """The IDs of tokenauth's messages, sorted: checks run in no set order."""
    return sorted(
        message.id for message in run_checks() if message.id.startswith("tokenauth")
    )


def test_this_steps_settings_pass_the_checks():
    assert tokenauth_ids() == []


def test_dots_middleware_before_authentication_is_a_warning(settings):
    use_token_setup(settings, STOCK, "before")
    settings.AUTHENTICATION_BACKENDS = [HARDENED.backend, MODEL_BACKEND]

    assert tokenauth_ids() == ["tokenauth.E008", "tokenauth.W002"]


class ProjectTokenMiddleware(OAuth2TokenMiddleware):
    """A project's own subclass of DOT's middleware."""


@pytest.mark.parametrize(
    "middleware",
    [STOCK.middleware, "tests.tokenauth.test_checks.ProjectTokenMiddleware"],
    ids=["DOT's", "a subclass of DOT's"],
)
def test_dots_middleware_beside_the_tutorials_is_an_error(settings, middleware):
    # DOT's tutorial puts it right after AuthenticationMiddleware; the recipe
    # adds BearerTokenMiddleware there too.
    at = settings.MIDDLEWARE.index(HARDENED.middleware) + 1
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:at],
        middleware,
        *settings.MIDDLEWARE[at:],
    ]

    (message,) = [m for m in run_checks() if m.id == "tokenauth.E008"]
    assert tokenauth_ids() == ["tokenauth.E008"]
    assert middleware in message.msg
    assert "Remove it" in message.hint


def test_login_required_middleware_before_the_token_middleware_is_an_error(settings):
    # After it, as the recipe places it, all is well.
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, LOGIN_REQUIRED_MIDDLEWARE]
    assert tokenauth_ids() == []

    others = [name for name in settings.MIDDLEWARE if name != HARDENED.middleware]
    settings.MIDDLEWARE = [*others, LOGIN_REQUIRED_MIDDLEWARE, HARDENED.middleware]

    (message,) = [m for m in run_checks() if m.id.startswith("tokenauth")]
    assert message.id == "tokenauth.E009"
    assert "Move BearerTokenMiddleware before it" in message.hint


def test_the_tutorials_middleware_may_sit_before_authentication(settings):
    # It decides in process_view, after every middleware's request phase.
    use_token_setup(settings, HARDENED, "before")

    assert tokenauth_ids() == []


def test_a_missing_authentication_middleware_is_an_error(settings):
    use_token_setup(settings, HARDENED, "token only")

    assert tokenauth_ids() == ["tokenauth.E001"]


def test_a_missing_model_backend_is_a_warning(settings):
    settings.AUTHENTICATION_BACKENDS = [HARDENED.backend]

    assert tokenauth_ids() == ["tokenauth.W003"]


@pytest.mark.parametrize("order", ["after", "before"])
def test_dots_own_backend_is_a_warning(settings, order):
    use_token_setup(settings, STOCK, order)

    expected = {
        "after": ["tokenauth.E008", "tokenauth.W004"],
        "before": ["tokenauth.E008", "tokenauth.W002", "tokenauth.W004"],
    }
    assert tokenauth_ids() == expected[order]


def test_a_required_scope_that_no_token_can_have_is_an_error(settings):
    settings.OAUTH2_PROVIDER = {**settings.OAUTH2_PROVIDER, "SCOPES": {"read": "Read"}}

    assert tokenauth_ids() == ["tokenauth.E005"]


def test_a_function_style_middleware_does_not_break_the_checks(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.urls_layouts.plain_middleware"]

    assert tokenauth_ids() == []


def test_the_token_middleware_without_a_token_backend_is_an_error(settings):
    settings.AUTHENTICATION_BACKENDS = [MODEL_BACKEND]

    assert tokenauth_ids() == ["tokenauth.E006"]


@pytest.mark.parametrize(
    "default", [["__all__"], ["read", "login"]], ids=["all scopes", "read and login"]
)
def test_login_among_the_default_scopes_is_a_warning(settings, default):
    settings.OAUTH2_PROVIDER = {**settings.OAUTH2_PROVIDER, "DEFAULT_SCOPES": default}

    assert tokenauth_ids() == ["tokenauth.W007"]


class LoginByDefaultScopes(SettingsScopes):
    """A project's scopes backend that hands out `login` to every client."""

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return ["read", "login"]


def test_login_among_a_scopes_backends_default_scopes_is_a_warning(settings):
    settings.OAUTH2_PROVIDER = {
        **settings.OAUTH2_PROVIDER,
        "SCOPES_BACKEND_CLASS": "tests.tokenauth.test_checks.LoginByDefaultScopes",
    }

    assert tokenauth_ids() == ["tokenauth.W007"]


def test_the_checks_are_registered_by_the_app_config():
    from django.core.checks import registry

    from tokenauth import checks

    assert set(checks.ALL) <= set(registry.registry.get_checks())


def test_without_tokenauth_installed_the_middleware_refuses_to_start(settings):
    settings.INSTALLED_APPS = [
        app for app in settings.INSTALLED_APPS if app != "tokenauth"
    ]

    with pytest.raises(ImproperlyConfigured, match="'tokenauth' in INSTALLED_APPS"):
        BearerTokenMiddleware(lambda request: None)


def test_checks_stay_quiet_without_a_token_middleware(settings):
    settings.MIDDLEWARE = [
        name for name in settings.MIDDLEWARE if name != HARDENED.middleware
    ]
    settings.AUTHENTICATION_BACKENDS = [MODEL_BACKEND]

    assert AUTHENTICATION_MIDDLEWARE in settings.MIDDLEWARE
    assert tokenauth_ids() == []
