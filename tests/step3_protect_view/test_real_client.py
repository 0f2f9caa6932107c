"""
Step 3 with a real OAuth2 client library: oauth_client.py (requests-oauthlib)
gets, refreshes and revokes tokens at a server on 127.0.0.1, and requests
calls the protected views with them.
"""

import pytest
import requests

from tests.clients import oauth_client_json
from tests.tokens import bearer

pytestmark = pytest.mark.django_db(transaction=True)


def status(live_server, path, token):
    response = requests.get(
        f"{live_server.url}{path}",
        headers=bearer(token),
        allow_redirects=False,
        timeout=30,
    )
    return response.status_code


@pytest.fixture
def token(approved_token, alice, application):
    """A token of alice for `login`, from the authorization code flow with PKCE."""
    return approved_token(application, "alice", "--scope", "read login")


def test_a_token_from_the_code_flow_opens_the_page_and_the_api(live_server, token):
    assert status(live_server, "/secret", token["access_token"]) == 200
    assert status(live_server, "/api/echo", token["access_token"]) == 200


def test_after_a_refresh_the_new_token_works_and_the_old_one_does_not(
    step_dir, live_server, application, token
):
    refreshed = oauth_client_json(
        step_dir, live_server.url, application, "refresh", token["refresh_token"]
    )

    assert status(live_server, "/secret", refreshed["access_token"]) == 200
    assert status(live_server, "/secret", token["access_token"]) == 302


def test_after_a_revoke_the_token_opens_nothing(
    step_dir, live_server, application, token
):
    oauth_client_json(
        step_dir, live_server.url, application, "revoke", token["access_token"]
    )

    assert status(live_server, "/secret", token["access_token"]) == 302
    assert status(live_server, "/api/echo", token["access_token"]) == 401


def test_a_client_credentials_token_opens_nothing(
    step_dir, live_server, make_application
):
    service = make_application("client-credentials")
    access_token = oauth_client_json(
        step_dir, live_server.url, service, "client-credentials"
    )["access_token"]

    assert status(live_server, "/secret", access_token) == 302
    assert status(live_server, "/api/echo", access_token) == 401
