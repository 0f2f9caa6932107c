"""
Step 1, end to end: the step's oauth_client.py, run as a reader runs it,
against the provider served over a real socket on 127.0.0.1.
"""

import pytest
from oauth2_provider.models import get_access_token_model
from oauthlib.oauth2.rfc6749.errors import InsecureTransportError
from requests_oauthlib import OAuth2Session

from oauth_client import parse_args
from tests.clients import oauth_client_json, run_oauth_client

AccessToken = get_access_token_model()

pytestmark = pytest.mark.django_db(transaction=True)


def test_authorize_prints_a_token_of_the_user_who_approved(
    approved_token, alice, application
):
    token = approved_token(application, "alice")

    assert AccessToken.objects.get(token=token["access_token"]).user == alice
    assert token["refresh_token"]


def test_authorize_asks_for_the_scopes_given(approved_token, alice, application):
    token = approved_token(application, "alice", "--scope", "read")

    assert token["scope"] == ["read"]
    assert AccessToken.objects.get(token=token["access_token"]).scope == "read"


def test_the_scopes_are_one_argument_so_the_command_after_them_is_kept():
    args = parse_args(["--client-id", "x", "--scope", "read login", "authorize"])

    assert args.scope == ["read", "login"]
    assert args.command == "authorize"


def test_authorize_works_for_a_public_client(approved_token, bob, make_application):
    phone_app = make_application(public=True)

    token = approved_token(phone_app, "bob")

    assert AccessToken.objects.get(token=token["access_token"]).user == bob


def test_client_credentials_prints_a_token_without_a_user(
    step_dir, live_server, make_application
):
    service = make_application("client-credentials")

    token = oauth_client_json(step_dir, live_server.url, service, "client-credentials")

    assert AccessToken.objects.get(token=token["access_token"]).user is None


def test_refresh_then_revoke(step_dir, live_server, approved_token, alice, application):
    first = approved_token(application, "alice")

    refreshed = oauth_client_json(
        step_dir, live_server.url, application, "refresh", first["refresh_token"]
    )
    revoked = oauth_client_json(
        step_dir, live_server.url, application, "revoke", refreshed["access_token"]
    )

    assert not AccessToken.objects.filter(token=first["access_token"]).exists()
    assert revoked == {"revoked": True}
    assert not AccessToken.objects.filter(token=refreshed["access_token"]).exists()


def test_a_wrong_secret_is_a_clear_error(step_dir, live_server, application):
    application.plaintext_secret = "wrong"

    result = run_oauth_client(
        step_dir, live_server.url, application, "client-credentials"
    )

    assert result.returncode == 1
    assert result.stderr == "error: invalid_client\n"


def test_a_stopped_server_is_a_clear_error(step_dir, application):
    result = run_oauth_client(
        step_dir, "http://127.0.0.1:9", application, "revoke", "x"
    )

    assert result.returncode == 1
    assert result.stderr.startswith("error: no answer from http://127.0.0.1:9")


@pytest.mark.dependency
def test_requests_oauthlib_refuses_plain_http_unless_told(monkeypatch):
    monkeypatch.delenv("OAUTHLIB_INSECURE_TRANSPORT", raising=False)
    session = OAuth2Session("any-client")

    with pytest.raises(InsecureTransportError):
        session.fetch_token("http://127.0.0.1:9/o/token/", code="any-code")
