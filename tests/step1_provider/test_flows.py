"""
Step 1: the provider releases tokens through real OAuth2 flows, at its own URLs.

These tests speak HTTP to the project through Django's test client; the
end-to-end tests in test_oauth_client.py do the same over a real socket.
"""

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.hashers import check_password
from oauth2_provider.models import get_access_token_model

from tests.tokens import REDIRECT_URI, basic_auth

AccessToken = get_access_token_model()


def pkce_pair():
    """A PKCE code verifier and its S256 challenge (RFC 7636)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def authorize(client, application, **params):
    """Approve the consent page as the logged-in user; return the redirect."""
    query = {
        "response_type": "code",
        "client_id": application.client_id,
        "redirect_uri": REDIRECT_URI,
        "state": "some-state",
        **params,
    }
    consent = client.get("/o/authorize/", query)
    assert consent.status_code == 200, consent
    return client.post(
        "/o/authorize/", {**query, "scope": "read write", "allow": "Authorize"}
    )


def redirect_params(response):
    assert response.status_code == 302, response
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT_URI
    return {key: values[0] for key, values in parse_qs(location.query).items()}


def client_auth(application, secret=None):
    secret = application.plaintext_secret if secret is None else secret
    return basic_auth(application.client_id, secret)


def token_request(client, application, secret=None, **data):
    return client.post("/o/token/", data, headers=client_auth(application, secret))


@pytest.fixture
def code_and_verifier(client, alice, application):
    client.force_login(alice)
    verifier, challenge = pkce_pair()
    response = authorize(
        client, application, code_challenge=challenge, code_challenge_method="S256"
    )
    return redirect_params(response)["code"], verifier


def exchange(client, application, code, verifier):
    return token_request(
        client,
        application,
        grant_type="authorization_code",
        code=code,
        redirect_uri=REDIRECT_URI,
        code_verifier=verifier,
    )


def test_authorize_sends_anonymous_visitors_to_a_working_login_page(
    client, application
):
    _verifier, challenge = pkce_pair()
    response = client.get(
        "/o/authorize/",
        {
            "response_type": "code",
            "client_id": application.client_id,
            "redirect_uri": REDIRECT_URI,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        },
        follow=True,
    )
    [(login_url, status)] = response.redirect_chain
    assert status == 302
    assert login_url.startswith("/accounts/login/?next=/o/authorize/")
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_authorization_code_with_pkce_gives_an_access_and_a_refresh_token(
    client, alice, application, code_and_verifier
):
    response = exchange(client, application, *code_and_verifier)

    assert response.status_code == 200
    token = response.json()
    assert token["token_type"] == "Bearer"
    assert set(token["scope"].split()) == {"read", "write"}
    assert token["refresh_token"]
    assert AccessToken.objects.get(token=token["access_token"]).user == alice


def test_authorization_code_without_pkce_is_refused(client, alice, application):
    client.force_login(alice)
    query = {
        "response_type": "code",
        "client_id": application.client_id,
        "redirect_uri": REDIRECT_URI,
    }

    response = client.get("/o/authorize/", query)

    params = redirect_params(response)
    assert params["error"] == "invalid_request"
    assert params["error_description"] == "Code challenge required."


def test_a_wrong_code_verifier_is_refused(client, application, code_and_verifier):
    code, _verifier = code_and_verifier

    response = exchange(client, application, code, pkce_pair()[0])

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_a_code_works_once(client, application, code_and_verifier):
    first = exchange(client, application, *code_and_verifier)
    again = exchange(client, application, *code_and_verifier)

    assert first.status_code == 200
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


def test_a_wrong_client_secret_is_refused(client, application, code_and_verifier):
    response = token_request(
        client,
        application,
        secret="not-the-secret",
        grant_type="authorization_code",
        code=code_and_verifier[0],
        redirect_uri=REDIRECT_URI,
        code_verifier=code_and_verifier[1],
    )

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_the_stored_secret_is_a_hash_and_does_not_work_as_a_secret(client, application):
    application.refresh_from_db()
    assert check_password(application.plaintext_secret, application.client_secret)

    response = token_request(
        client,
        application,
        secret=application.client_secret,
        grant_type="client_credentials",
    )

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_client_credentials_gives_a_token_without_a_user(client, make_application):
    service = make_application("client-credentials")

    response = token_request(client, service, grant_type="client_credentials")

    assert response.status_code == 200
    token = response.json()
    assert "refresh_token" not in token
    assert AccessToken.objects.get(token=token["access_token"]).user is None


def test_refresh_gives_a_new_token_and_retires_the_old_refresh_token(
    client, application, code_and_verifier
):
    first = exchange(client, application, *code_and_verifier).json()

    refreshed = token_request(
        client,
        application,
        grant_type="refresh_token",
        refresh_token=first["refresh_token"],
    )
    replayed = token_request(
        client,
        application,
        grant_type="refresh_token",
        refresh_token=first["refresh_token"],
    )

    assert refreshed.status_code == 200
    assert refreshed.json()["access_token"] != first["access_token"]
    assert replayed.status_code == 400
    assert replayed.json()["error"] == "invalid_grant"


def introspect(client, application, token):
    return client.post(
        "/o/introspect/", {"token": token}, headers=client_auth(application)
    ).json()


def test_introspection_describes_a_token(client, alice, application, make_token):
    token = make_token(alice, application=application, scope="read")

    description = introspect(client, application, token.token)

    assert description["active"] is True
    assert description["scope"] == "read"
    assert description["username"] == "alice"
    assert description["client_id"] == application.client_id


def test_revoked_tokens_are_inactive(client, alice, application, make_token):
    token = make_token(alice, application=application)

    revoked = client.post(
        "/o/revoke_token/", {"token": token.token}, headers=client_auth(application)
    )
    description = introspect(client, application, token.token)

    assert revoked.status_code == 200
    assert description == {"active": False}
    assert not AccessToken.objects.filter(pk=token.pk).exists()


def test_the_registration_page_registers_an_application_with_a_visible_secret(
    client, alice
):
    client.force_login(alice)
    page = client.get("/o/applications/register/")
    fields = {field.name: field.value() for field in page.context["form"]}
    secret = fields["client_secret"]

    saved = client.post(
        "/o/applications/register/",
        {
            **fields,
            "name": "Registered in the browser",
            "client_type": "confidential",
            "authorization_grant_type": "client-credentials",
            "redirect_uris": "",
            "algorithm": "",
        },
    )

    assert saved.status_code == 302
    application = saved.wsgi_request.user.oauth2_provider_application.get()
    assert application.name == "Registered in the browser"
    assert application.client_secret != secret  # stored hashed...
    application.plaintext_secret = (
        secret  # ...so the page was the one chance to copy it
    )
    response = token_request(client, application, grant_type="client_credentials")
    assert response.status_code == 200
