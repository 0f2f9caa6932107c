"""Step 1 is a project of its own: these tests run with its settings only."""

from pathlib import Path

from django.conf import settings

from mysite import settings as project_settings


def test_the_settings_in_use_are_this_steps(step_dir):
    assert settings.SETTINGS_MODULE == "tests.settings"
    assert Path(project_settings.__file__).parent.parent == step_dir


def test_the_provider_has_no_token_middleware_yet():
    assert not any("OAuth2" in name for name in settings.MIDDLEWARE)
    assert not hasattr(settings, "AUTHENTICATION_BACKENDS") or all(
        "oauth2_provider" not in name for name in settings.AUTHENTICATION_BACKENDS
    )
