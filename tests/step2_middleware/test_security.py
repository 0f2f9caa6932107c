"""
Step 2: the holes of the stock setup, each proven open with DOT's own classes
("stock", as DOT's tutorial configures them) and closed with this step's own
settings ("hardened": BearerTokenMiddleware and BearerTokenBackend).

Holes 4 and 5 concern how a view answers, and are in step 3's tests.
"""

import pytest
from django.contrib.auth import SESSION_KEY, user_login_failed
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import MULTIPART_CONTENT

from tests.presets import STOCK
from tests.tokens import PASSWORD, bearer

pytestmark = pytest.mark.urls("tests.urls")


# Hole 1: a Bearer token replaces the password at any login form.


def admin_login_with_a_wrong_password(client, token):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "alice", "password": "not the password"},
        headers=bearer(token.token),
    )


def test_stock_a_token_replaces_the_password_at_the_admin_login(
    client, stock, alice, make_token
):
    token = make_token(alice)

    response = admin_login_with_a_wrong_password(client, token)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session["_auth_user_backend"] == STOCK.backend
    # The session outlives the token, and even the user's deactivation.
    token.delete()
    assert client.get("/admin/").status_code == 200
    alice.is_active = False
    alice.save()
    assert client.get("/whoami").json()["user"] == "alice"


def test_hardened_the_admin_login_wants_the_password(client, alice, make_token):
    response = admin_login_with_a_wrong_password(client, make_token(alice))

    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.text
    assert SESSION_KEY not in client.session


def test_hardened_the_admin_login_still_works_with_the_password(client, alice):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "alice", "password": PASSWORD}
    )

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_hardened_a_session_of_the_token_backend_ends_with_deactivation(client, alice):
    client.force_login(alice, backend="tokenauth.backends.BearerTokenBackend")
    alice.is_active = False
    alice.save()

    assert client.get("/whoami").json()["user"] is None


# Hole 2: an inactive user's token authenticates.


@pytest.fixture
def inactive_token(make_user, make_token):
    return make_token(make_user("carol", is_active=False))


def test_stock_an_inactive_users_token_authenticates(client, stock, inactive_token):
    response = client.get(
        "/whoami/login-required", headers=bearer(inactive_token.token)
    )

    assert response.status_code == 200
    assert response.json()["user"] == "carol"


def test_hardened_an_inactive_users_token_is_refused(client, inactive_token):
    response = client.get(
        "/whoami/login-required", headers=bearer(inactive_token.token)
    )

    assert response.status_code == 302


# Hole 3: scopes are ignored, and tokens open the admin and DOT's pages.

PAGES = ["/whoami/login-required", "/admin/", "/o/applications/"]


def test_stock_a_read_token_opens_views_the_admin_and_dots_pages(
    client, stock, alice, make_token
):
    token = make_token(alice, scope="read")

    for path in PAGES:
        assert client.get(path, headers=bearer(token.token)).status_code == 200, path


def test_hardened_a_token_without_the_login_scope_opens_nothing(
    client, alice, make_token
):
    token = make_token(alice, scope="read write")

    for path in PAGES:
        assert client.get(path, headers=bearer(token.token)).status_code == 302, path


def test_hardened_a_login_token_opens_views_but_not_the_admin_or_dots_pages(
    client, alice, make_token
):
    token = make_token(alice, scope="login")
    excluded = ["/admin/", "/o/applications/", "/o/authorized_tokens/", "/o/authorize/"]

    def status(path):
        return client.get(path, headers=bearer(token.token)).status_code

    assert status("/whoami/login-required") == 200
    assert [status(path) for path in excluded] == [302, 302, 302, 302]


# Hole 6: a multipart POST with a Bearer header breaks request.body.


def post_a_file(client, token, path="/body-size"):
    client.raise_request_exception = False
    return client.post(
        path,
        {"upload": SimpleUploadedFile("notes.txt", b"some bytes")},
        content_type=MULTIPART_CONTENT,
        headers=bearer(token),
    )


def test_stock_a_bearer_header_breaks_request_body_of_a_multipart_post(
    client, stock, db
):
    response = post_a_file(client, "any-token-at-all")

    assert response.status_code == 500
    assert response.exc_info[0].__name__ == "RawPostDataException"


def test_stock_request_files_still_works_with_a_bearer_header(client, stock, db):
    response = post_a_file(client, "any-token-at-all", "/file-names")

    assert response.status_code == 200
    assert response.json() == {"files": ["notes.txt"]}


def test_hardened_request_body_survives_a_bearer_header(client, alice, make_token):
    response = post_a_file(client, make_token(alice).token)

    assert response.status_code == 200
    assert response.json()["bytes"] > 0


# Hole 7: async views ignore the token user.


def test_stock_an_async_view_ignores_the_token_user(client, stock, alice, make_token):
    response = client.get("/whoami/async", headers=bearer(make_token(alice).token))

    assert response.status_code == 302


def test_hardened_an_async_view_sees_the_token_user(client, alice, make_token):
    response = client.get("/whoami/async", headers=bearer(make_token(alice).token))

    assert response.status_code == 200
    assert response.json()["user"] == "alice"


# Hole 8: every bad token is announced as a failed login.


@pytest.fixture
def failed_logins():
    received = []

    def receiver(sender, credentials, request, **kwargs):
        received.append(credentials)

    user_login_failed.connect(receiver)
    yield received
    user_login_failed.disconnect(receiver)


def test_stock_every_bad_token_is_a_failed_login(client, stock, db, failed_logins):
    for _ in range(3):
        client.get("/whoami", headers=bearer("a-bad-token"))

    assert failed_logins == [{}, {}, {}]


def test_hardened_a_bad_token_is_not_a_failed_login(client, db, failed_logins):
    for _ in range(3):
        client.get("/whoami", headers=bearer("a-bad-token"))
    client.post("/accounts/login/", {"username": "nobody", "password": "wrong"})

    assert len(failed_logins) == 1  # only the password login
    assert failed_logins[0]["username"] == "nobody"
