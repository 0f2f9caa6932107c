"""Step 1 is a project of its own: these tests run with its settings only."""

from pathlib import Path

import pytest
from django.conf import settings

from mysite import settings as project_settings
from tests.tokens import bearer


def test_the_settings_in_use_are_this_steps(step_dir):
    assert settings.SETTINGS_MODULE == "tests.settings"
    assert Path(project_settings.__file__).parent.parent == step_dir


def test_the_provider_has_no_token_middleware_yet():
    assert not any("OAuth2" in name for name in settings.MIDDLEWARE)
    assert not hasattr(settings, "AUTHENTICATION_BACKENDS") or all(
        "oauth2_provider" not in name for name in settings.AUTHENTICATION_BACKENDS
    )


@pytest.mark.urls("tests.urls")
def test_a_bearer_token_does_not_authenticate_an_ordinary_view_yet(
    client, alice, make_token
):
    token = make_token(alice)

    response = client.get("/whoami", headers=bearer(token.token))

    assert response.json()["user"] is None
    assert client.get(
        "/whoami/login-required", headers=bearer(token.token)
    ).url.startswith("/accounts/login/")


@pytest.mark.dependency
@pytest.mark.urls("tests.urls_without_login")
def test_without_a_login_page_the_authorize_view_lands_on_a_404(
    client, settings, application
):
    settings.LOGIN_URL = "/accounts/login/"  # Django's default

    response = client.get(
        "/o/authorize/", {"client_id": application.client_id}, follow=True
    )

    [(login_url, _status)] = response.redirect_chain
    assert login_url.startswith("/accounts/login/")
    assert response.status_code == 404


@pytest.mark.dependency
def test_the_admin_can_no_longer_add_access_tokens(admin_client):
    response = admin_client.get("/admin/oauth2_provider/accesstoken/add/")

    assert response.status_code == 403
