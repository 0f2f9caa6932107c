"""
Step 3: /secret answers "Secret contents!" to a session or a valid token, and
sends everyone else to the login page; a bad token is never a server error.
"""

import pytest

from tests.tokens import bearer

LOGIN_REDIRECT = "/accounts/login/?next=/secret"


def test_without_credentials_it_redirects_to_the_login_page(client):
    response = client.get("/secret")

    assert response.status_code == 302
    assert response["Location"] == LOGIN_REDIRECT


def test_a_valid_token_opens_it(client, alice, make_token):
    response = client.get("/secret", headers=bearer(make_token(alice).token))

    assert response.status_code == 200
    assert response.content == b"Secret contents!\n"


def test_a_session_opens_it(client, alice):
    client.force_login(alice)

    response = client.get("/secret")

    assert response.status_code == 200
    assert response.content == b"Secret contents!\n"


def expired(make_token, user):
    return make_token(user, expires_in=-1).token


def revoked(make_token, user):
    token = make_token(user)
    token.revoke()
    return token.token


def unknown(make_token, user):
    return "no-such-token-0123456789abcdef"


@pytest.mark.parametrize(
    "bad_token", [expired, revoked, unknown], ids=["expired", "revoked", "unknown"]
)
def test_a_bad_token_redirects_to_the_login_page(client, alice, make_token, bad_token):
    response = client.get("/secret", headers=bearer(bad_token(make_token, alice)))

    assert response.status_code == 302
    assert response["Location"] == LOGIN_REDIRECT
