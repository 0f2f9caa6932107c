"""Step 2 is a project of its own: these tests run with its settings only."""

from pathlib import Path

from django.conf import settings

from mysite import settings as project_settings
from tests.presets import AUTHENTICATION_MIDDLEWARE, HARDENED, MODEL_BACKEND


def test_the_settings_in_use_are_this_steps(step_dir):
    assert settings.SETTINGS_MODULE == "tests.settings"
    assert Path(project_settings.__file__).parent.parent == step_dir


def test_the_token_middleware_comes_right_after_authentication():
    position = settings.MIDDLEWARE.index(AUTHENTICATION_MIDDLEWARE)
    assert settings.MIDDLEWARE[position + 1] == HARDENED.middleware


def test_the_model_backend_stays_beside_the_token_backend():
    assert [HARDENED.backend, MODEL_BACKEND] == settings.AUTHENTICATION_BACKENDS
