"""Step 2 is a project of its own: these tests run with its settings only."""

from pathlib import Path

from django.conf import settings

from mysite import settings as project_settings

AUTHENTICATION = "django.contrib.auth.middleware.AuthenticationMiddleware"
TOKEN = "oauth2_provider.middleware.OAuth2TokenMiddleware"


def test_the_settings_in_use_are_this_steps(step_dir):
    assert settings.SETTINGS_MODULE == "tests.settings"
    assert Path(project_settings.__file__).parent.parent == step_dir


def test_the_token_middleware_comes_right_after_authentication():
    position = settings.MIDDLEWARE.index(AUTHENTICATION)
    assert settings.MIDDLEWARE[position + 1] == TOKEN


def test_the_model_backend_stays_beside_the_oauth2_backend():
    assert settings.AUTHENTICATION_BACKENDS == [
        "oauth2_provider.backends.OAuth2Backend",
        "django.contrib.auth.backends.ModelBackend",
    ]
