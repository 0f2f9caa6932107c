"""
Step 3: how a view answers a failed or cross-site request, proven with DOT's
own classes ("stock") and with this step's settings ("hardened").

Pages that people visit keep login_required and its redirect; /api/echo, for
API clients, accepts nothing but a Bearer token (tokenauth.decorators).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from oauth2_provider.decorators import protected_resource
from oauth2_provider.views import ProtectedResourceView

from tests.tokens import bearer


@pytest.fixture
def csrf_client(client):
    """A test client that checks CSRF tokens, as browsers' requests are checked."""
    client.handler.enforce_csrf_checks = True
    return client


# Hole 4: a missing or bad token gets a login redirect, not 401.


@pytest.mark.parametrize("token", [None, "no-such-token"], ids=["none", "unknown"])
def test_stock_a_missing_or_bad_token_gets_a_login_redirect(client, stock, db, token):
    response = client.get("/secret", headers=bearer(token) if token else {})

    assert response.status_code == 302
    assert "WWW-Authenticate" not in response


def test_hardened_the_api_answers_a_request_without_token_with_401(client, db):
    response = client.get("/api/echo")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json() == {"error": "token_required"}


def test_hardened_the_api_answers_a_bad_token_with_401_invalid_token(
    client, alice, make_token
):
    expired = make_token(alice, expires_in=-1)

    response = client.get("/api/echo", headers=bearer(expired.token))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert response.json() == {"error": "invalid_token"}


def test_hardened_the_api_answers_a_token_without_login_with_403(
    client, alice, make_token
):
    read_only = make_token(alice, scope="read write")

    response = client.get("/api/echo", headers=bearer(read_only.token))

    assert response.status_code == 403
    assert (
        response["WWW-Authenticate"]
        == 'Bearer error="insufficient_scope", scope="login"'
    )
    assert response.json() == {"error": "insufficient_scope"}


def test_hardened_the_api_answers_a_valid_token(client, alice, make_token):
    response = client.get("/api/echo", headers=bearer(make_token(alice).token))

    assert response.status_code == 200
    assert response.json() == {"user": "alice"}


def test_hardened_the_api_ignores_a_session(client, alice):
    client.force_login(alice)

    response = client.get("/api/echo")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_hardened_pages_still_redirect(client, db):
    response = client.get("/secret", headers=bearer("no-such-token"))

    assert response.status_code == 302


# Hole 5: a POST with a Bearer token fails CSRF.


def test_stock_a_post_with_a_token_fails_csrf(csrf_client, stock, alice, make_token):
    response = csrf_client.post("/secret", headers=bearer(make_token(alice).token))

    assert response.status_code == 403
    assert b"CSRF" in response.content


def test_hardened_the_api_takes_a_post_with_a_token_without_csrf(
    csrf_client, alice, make_token
):
    response = csrf_client.post(
        "/api/echo",
        b'{"note": "hello"}',
        content_type="application/json",
        headers=bearer(make_token(alice).token),
    )

    assert response.status_code == 200
    assert response.json() == {"user": "alice", "received_bytes": 17}


def test_hardened_a_cross_site_post_with_a_session_cookie_gets_nothing(
    csrf_client, alice
):
    csrf_client.force_login(alice)

    response = csrf_client.post("/api/echo", b"forged", content_type="text/plain")

    assert response.status_code == 401


def test_hardened_the_api_reads_the_body_of_a_multipart_upload(
    csrf_client, alice, make_token
):
    response = csrf_client.post(
        "/api/echo",
        {"upload": SimpleUploadedFile("notes.txt", b"some bytes")},
        headers=bearer(make_token(alice).token),
    )

    assert response.status_code == 200
    assert response.json()["received_bytes"] > len(b"some bytes")


class DotsResourceView(ProtectedResourceView):
    def get(self, request):
        return HttpResponse("never reached")


@protected_resource()
def dots_resource_function(request):
    return HttpResponse("never reached")


@pytest.mark.parametrize(
    "view",
    [DotsResourceView.as_view(), dots_resource_function],
    ids=["view", "decorator"],
)
@pytest.mark.dependency
def test_dots_protected_resource_answers_403(rf, db, view):
    response = view(rf.get("/api"))

    assert response.status_code == 403
    assert "WWW-Authenticate" not in response
