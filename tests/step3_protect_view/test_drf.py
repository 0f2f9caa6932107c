"""
Django REST framework beside the token middleware: who sets request.user when,
which scopes count, CSRF, and 401 against 403, for the usual orders of DRF's
authentication classes and for tokenauth's own, which agrees with the middleware.

BearerTokenMiddleware runs first, before any view, and sets the user of the
underlying Django request. DRF authenticates afterwards, inside the view, with
its own classes: DOT's OAuth2Authentication checks the token again, with no
scope; SessionAuthentication takes whatever user the Django request has.
"""

import pytest
from django.test import Client

from tests.snippets import rendered
from tests.tokens import bearer

OAUTH2 = "oauth2_provider.contrib.rest_framework.OAuth2Authentication"
SESSION = "rest_framework.authentication.SessionAuthentication"
STOCK_ORDERS = {"oauth2 first": (OAUTH2, SESSION), "session first": (SESSION, OAUTH2)}


def recommended():
    """
    The classes that the page's REST_FRAMEWORK block names: tokenauth's own,
    which takes the middleware's login, then SessionAuthentication.
    """
    namespace = {}
    exec(rendered("docs_src/your_project/settings.py", "drf"), namespace)
    return namespace["REST_FRAMEWORK"]["DEFAULT_AUTHENTICATION_CLASSES"]


pytestmark = pytest.mark.urls("tests.urls_drf")


@pytest.fixture
def drf(settings):
    """Set DRF's authentication classes, in order, for the views of tests.urls_drf."""

    def use(*classes):
        settings.REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": list(classes)}

    return use


@pytest.fixture
def csrf_client():
    """A client that gets no CSRF pass, as a browser or a program gets none."""
    return Client(enforce_csrf_checks=True)


def get(client, path, token=None):
    return client.get(path, headers=bearer(token.token) if token else {})


def test_drf_oauth2_first_authenticates_a_login_token_again_itself(
    drf, client, alice, make_token
):
    drf(OAUTH2, SESSION)
    token = make_token(alice)
    answer = get(client, "/drf/whoami", token).json()
    assert answer == {
        "user": "alice",
        "token_login": "alice",  # the middleware logged the token in first
        "authenticator": "OAuth2Authentication",
        "token": token.token,
    }


@pytest.mark.parametrize("order", STOCK_ORDERS)
def test_drf_oauth2_authentication_takes_a_token_without_login(
    drf, client, alice, make_token, order
):
    drf(*STOCK_ORDERS[order])
    token = make_token(alice, scope="read")
    answer = get(client, "/drf/whoami", token).json()
    # The middleware refused it (no `login`), DRF accepted it: scopes are per view.
    assert (answer["user"], answer["token_login"]) == ("alice", None)
    assert get(client, "/secret", token).status_code == 302


def test_drf_token_has_scope_asks_a_view_for_its_scopes(drf, client, alice, make_token):
    drf(OAUTH2, SESSION)
    assert get(client, "/drf/write", make_token(alice, scope="read")).status_code == 403
    assert (
        get(client, "/drf/write", make_token(alice, scope="write")).status_code == 200
    )


@pytest.mark.parametrize("order", STOCK_ORDERS)
def test_drf_oauth2_authentication_takes_an_inactive_users_token(
    drf, client, make_user, make_token, order
):
    drf(*STOCK_ORDERS[order])
    token = make_token(make_user("carol", is_active=False))
    # DOT's class does not look at is_active; the middleware refuses such a token.
    assert get(client, "/drf/whoami", token).json()["user"] == "carol"
    assert get(client, "/secret", token).status_code == 302


def test_drf_oauth2_first_a_post_with_a_token_needs_no_csrf_token(
    drf, csrf_client, alice, make_token
):
    drf(OAUTH2, SESSION)
    token = make_token(alice)
    assert (
        csrf_client.post("/drf/whoami", headers=bearer(token.token)).status_code == 200
    )


def test_drf_oauth2_first_no_credentials_get_401_with_a_bearer_challenge(drf, client):
    drf(OAUTH2, SESSION)
    response = client.get("/drf/whoami")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_drf_session_first_takes_a_token_login_for_a_session(
    drf, csrf_client, alice, make_token
):
    drf(SESSION, OAUTH2)
    token = make_token(alice)
    answer = csrf_client.get("/drf/whoami", headers=bearer(token.token)).json()
    assert (answer["authenticator"], answer["token"]) == ("SessionAuthentication", None)
    # ... and so it asks the token's POST for a CSRF token, which no program has.
    response = csrf_client.post("/drf/whoami", headers=bearer(token.token))
    assert response.status_code == 403
    assert "CSRF Failed" in response.json()["detail"]


def test_drf_session_first_no_credentials_get_403_not_401(drf, client):
    drf(SESSION, OAUTH2)
    response = client.get("/drf/whoami")
    assert response.status_code == 403
    assert "WWW-Authenticate" not in response


@pytest.mark.parametrize("classes", ["oauth2 first", "recommended"])
def test_drf_a_session_post_still_needs_its_csrf_token(drf, csrf_client, bob, classes):
    drf(*(recommended() if classes == "recommended" else STOCK_ORDERS[classes]))
    csrf_client.force_login(bob)
    assert csrf_client.get("/drf/whoami").json()["user"] == "bob"
    response = csrf_client.post("/drf/whoami")
    assert response.status_code == 403
    assert "CSRF Failed" in response.json()["detail"]


def test_drf_bearer_token_authentication_takes_the_middlewares_login(
    drf, csrf_client, alice, make_token
):
    drf(*recommended())
    token = make_token(alice)
    answer = csrf_client.get("/drf/whoami", headers=bearer(token.token)).json()
    assert answer == {
        "user": "alice",
        "token_login": "alice",
        "authenticator": "BearerTokenAuthentication",
        "token": token.token,
    }
    response = csrf_client.post("/drf/whoami", headers=bearer(token.token))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "kind", ["without login", "of an inactive user", "unknown", "none"]
)
def test_drf_bearer_token_authentication_refuses_what_the_middleware_refuses(
    drf, client, alice, make_user, make_token, kind
):
    drf(*recommended())
    tokens = {
        "without login": lambda: make_token(alice, scope="read write").token,
        "of an inactive user": lambda: (
            make_token(make_user("carol", is_active=False)).token
        ),
        "unknown": lambda: "not-a-token",
    }
    headers = bearer(tokens[kind]()) if kind in tokens else {}
    response = client.get("/drf/whoami", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_drf_bearer_token_authentication_works_with_token_has_scope(
    drf, client, alice, make_token
):
    drf(*recommended())
    assert get(client, "/drf/write", make_token(alice)).status_code == 200
    token = make_token(alice, scope="read login")
    assert get(client, "/drf/write", token).status_code == 403
