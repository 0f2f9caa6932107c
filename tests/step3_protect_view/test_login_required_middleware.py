"""
Django's LoginRequiredMiddleware (5.1+) makes every view login_required by
default. After BearerTokenMiddleware, as the recipe places it, a token opens
those views, and token_required views still answer an API client without a
token 401, not the login redirect: they authenticate their requests
themselves, and say so as login_not_required does. The other order is a
check error (tokenauth.E009, tests/tokenauth/test_checks.py).
"""

import pytest

from tests.presets import LOGIN_REQUIRED_MIDDLEWARE
from tests.tokens import bearer

pytestmark = pytest.mark.urls("tests.urls")


@pytest.fixture(autouse=True)
def login_required_everywhere(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, LOGIN_REQUIRED_MIDDLEWARE]


@pytest.fixture
def token(bob, make_token):
    return make_token(bob, scope="read login").token


def test_pages_take_a_token_and_api_views_answer_401_without_one(client, token):
    page = client.get("/whoami", headers=bearer(token))
    assert page.json()["user"] == "bob"
    assert client.get("/whoami")["Location"].startswith("/accounts/login/")

    assert client.get("/api/echo", headers=bearer(token)).json() == {"user": "bob"}
    assert client.get("/api/echo").status_code == 401


@pytest.mark.parametrize(
    "authorization", [None, "Bearer not-a-token"], ids=["no token", "a bad token"]
)
def test_an_api_view_answers_401_not_the_login_redirect(client, db, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}

    response = client.get("/api/echo", headers=headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
