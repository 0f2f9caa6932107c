"""
A project that followed DOT's tutorial has DOT's OAuth2TokenMiddleware right
after AuthenticationMiddleware, and keeps it when it adds the recipe's
BearerTokenMiddleware. `manage.py check` reports it (tokenauth.E008); until it
is removed, it still cannot log a token in where BearerTokenMiddleware would
refuse: it asks authenticate(), which BearerTokenBackend answers with nobody.
"""

import pytest
from django.contrib.auth.models import User

from tests.presets import HARDENED, STOCK
from tests.tokens import bearer

pytestmark = pytest.mark.urls("tests.urls_shapes")


@pytest.fixture
def dots_middleware_kept(settings):
    at = settings.MIDDLEWARE.index(HARDENED.middleware) + 1
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:at],
        STOCK.middleware,
        *settings.MIDDLEWARE[at:],
    ]


@pytest.fixture
def token(alice, make_token):
    return make_token(alice, scope="read write login").token


@pytest.mark.usefixtures("dots_middleware_kept")
@pytest.mark.parametrize("path", ["/admin/", "/admin/auth/user/", "/o/applications/"])
def test_with_dots_middleware_kept_a_token_opens_no_admin_or_dot_page(
    client, token, path
):
    ordinary = client.get("/whoami/login-required", headers=bearer(token))
    assert ordinary.json()["user"] == "alice"

    response = client.get(path, headers=bearer(token))

    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.usefixtures("dots_middleware_kept")
def test_with_dots_middleware_kept_a_token_cannot_add_a_user_in_the_admin(
    client, token
):
    client.post(
        "/admin/auth/user/add/",
        {
            "username": "mallory",
            "password1": "x-9Lq!x-9Lq!",
            "password2": "x-9Lq!x-9Lq!",
        },
        headers=bearer(token),
    )

    assert not User.objects.filter(username="mallory").exists()
