"""
Step 2: where the token middleware sits decides whether a session or a token wins.

Every test runs twice: with DOT's own middleware and backend ("stock"), and
with the tutorial's BearerTokenMiddleware and BearerTokenBackend ("hardened"):
the order rules are the same for both. Tests rearrange settings.MIDDLEWARE and
watch request.user through the test-only views of tests/urls.py.
"""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.presets import HARDENED, STOCK, use_token_setup
from tests.tokens import PASSWORD, bearer

pytestmark = pytest.mark.urls("tests.urls")


@pytest.fixture(autouse=True, params=[STOCK, HARDENED], ids=["stock", "hardened"])
def setup(request, settings):
    use_token_setup(settings, request.param)
    return request.param


def whoami(client, token=None, path="/whoami"):
    """GET a view that reports request.user; return the response and its queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=bearer(token.token) if token else {})
    return response, [query["sql"] for query in queries]


def test_after_auth_middleware_a_token_authenticates_its_user(
    client, alice, make_token
):
    response, queries = whoami(client, make_token(alice))

    assert response.json()["user"] == "alice"
    assert len(queries) == 1  # the token, joined to its application and user
    assert not response.cookies  # no session: the token counts for this request only


def test_after_auth_middleware_a_session_wins_and_the_token_is_never_looked_up(
    client, alice, bob, make_token
):
    client.force_login(bob)

    response, queries = whoami(client, make_token(alice))

    assert response.json()["user"] == "bob"
    assert len(queries) == 2  # the session, then its user
    assert not any("oauth2_provider_accesstoken" in sql for sql in queries)


def test_before_auth_middleware_dots_token_wins_over_the_session(
    client, settings, setup, alice, bob, make_token
):
    use_token_setup(settings, setup, "before")
    client.force_login(bob)

    response, queries = whoami(client, make_token(alice))

    if setup is STOCK:
        # DOT's middleware runs first and caches alice; the session is never read.
        assert response.json() == {
            "has_user": True,
            "user": "alice",
            "cached_user": "alice",
        }
        assert len(queries) == 1
        assert not any("django_session" in sql for sql in queries)
    else:
        # BearerTokenMiddleware decides in process_view, once every middleware's
        # request phase has run: the session wins wherever the middleware sits.
        assert response.json()["user"] == "bob"
        assert not any("oauth2_provider_accesstoken" in sql for sql in queries)


@pytest.mark.dependency
def test_without_auth_middleware_the_admin_refuses_to_run(settings, setup):
    use_token_setup(settings, setup, "token only")

    with pytest.raises(SystemCheckError, match=r"admin\.E408"):
        call_command("check")


@pytest.mark.dependency
def test_without_auth_middleware_a_request_without_token_has_no_user(
    client, settings, setup, db
):
    use_token_setup(settings, setup, "token only")
    client.raise_request_exception = False

    plain, _ = whoami(client)
    protected, _ = whoami(client, path="/whoami/login-required")

    assert plain.json()["has_user"] is False
    assert protected.status_code == 500
    exception_type, exception, _traceback = protected.exc_info
    assert exception_type is AttributeError
    assert "has no attribute 'user'" in str(exception)


def admin_login(client):
    return client.post(
        "/admin/login/?next=/admin/", {"username": "alice", "password": PASSWORD}
    )


def test_with_model_backend_beside_it_the_admin_login_works(client, alice):
    response = admin_login(client)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_with_the_oauth2_backend_alone_the_admin_login_fails(
    client, settings, setup, alice
):
    settings.AUTHENTICATION_BACKENDS = [setup.backend]

    response = admin_login(client)

    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.text
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("path", ["/whoami", "/whoami/login-required", "/admin/"])
@pytest.mark.parametrize("with_token", [False, True], ids=["no token", "token"])
def test_responses_vary_on_authorization(client, alice, make_token, path, with_token):
    response, _ = whoami(client, make_token(alice) if with_token else None, path)

    assert "Authorization" in response["Vary"]


def test_a_client_credentials_token_authenticates_nobody(
    client, make_application, make_token
):
    service = make_application("client-credentials")
    token = make_token(None, application=service)

    plain, queries = whoami(client, token)
    protected, _ = whoami(client, token, "/whoami/login-required")

    assert plain.json()["user"] is None
    assert len(queries) == 1  # looked up, found, but it has no user
    assert protected.status_code == 302
