"""
A project that followed DOT's tutorial has DOT's OAuth2TokenMiddleware right
after AuthenticationMiddleware. Kept beside BearerTokenMiddleware, it is a
check error (tokenauth.E008, tests/tokenauth/test_checks.py), and since
gunicorn runs no checks, BearerTokenMiddleware refuses to start beside it.
Left alone in BearerTokenMiddleware's place, it logs nobody in: it asks
authenticate(), which BearerTokenBackend answers with nobody.
"""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.presets import HARDENED, STOCK
from tests.tokens import bearer
from tokenauth.middleware import BearerTokenMiddleware

pytestmark = pytest.mark.urls("tests.urls_shapes")


def test_beside_dots_middleware_the_token_middleware_refuses_to_start(settings):
    at = settings.MIDDLEWARE.index(HARDENED.middleware) + 1
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:at],
        STOCK.middleware,
        *settings.MIDDLEWARE[at:],
    ]

    with pytest.raises(ImproperlyConfigured, match="Remove it"):
        BearerTokenMiddleware(lambda request: None)


@pytest.fixture
def dots_middleware_instead(settings):
    settings.MIDDLEWARE = [
        STOCK.middleware if name == HARDENED.middleware else name
        for name in settings.MIDDLEWARE
    ]


@pytest.mark.usefixtures("dots_middleware_instead")
@pytest.mark.parametrize(
    "path", ["/whoami/login-required", "/admin/", "/admin/auth/user/"]
)
def test_dots_middleware_with_the_token_backend_logs_nobody_in(
    client, alice, make_token, path
):
    token = make_token(alice, scope="read write login").token

    response = client.get(path, headers=bearer(token))

    assert response.status_code == 302
    assert "login" in response["Location"]
