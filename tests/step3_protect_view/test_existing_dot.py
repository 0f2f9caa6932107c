"""
A project that used DOT before tokenauth: the page's block merges its
OAUTH2_PROVIDER rather than replacing it, and the tokens it issued before the
change keep what people approved then, and gain nothing: no data migration,
no transition setting.

Each test starts with the project's settings as they were before tokenauth,
issues tokens under them, then applies the page's block to those settings.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from oauth2_provider.models import get_application_model, get_refresh_token_model

from tests.snippets import rendered
from tests.step1_provider.test_flows import pkce_pair
from tests.tokens import REDIRECT_URI, basic_auth, bearer

MERGE = rendered("docs_src/your_project/settings.py", "merge")
OAUTH2 = "oauth2_provider.contrib.rest_framework.OAuth2Authentication"

# OAUTH2_PROVIDER as a project that followed DOT's own tutorial may have it.
BEFORE = {
    "SCOPES": {"read": "Read", "write": "Write", "groups": "Your groups"},
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
}

Application = get_application_model()
pytestmark = pytest.mark.urls("tests.urls_drf")


def merged(before):
    """What the page's block makes of a project's OAUTH2_PROVIDER."""
    namespace = {"OAUTH2_PROVIDER": dict(before)}
    exec(MERGE, namespace)
    return namespace["OAUTH2_PROVIDER"]


@pytest.fixture
def old_token(settings, bob, make_application, make_token):
    """A token and its refresh token, issued before tokenauth, then the merge."""
    settings.OAUTH2_PROVIDER = BEFORE
    application = make_application()
    token = make_token(bob, application=application)  # every scope offered then
    get_refresh_token_model().objects.create(
        user=bob, application=application, token="old-refresh", access_token=token
    )
    settings.OAUTH2_PROVIDER = merged(BEFORE)
    settings.REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": [OAUTH2]}
    return token


def test_the_merge_keeps_the_projects_settings_and_adds_login():
    after = merged(BEFORE)
    assert after["ACCESS_TOKEN_EXPIRE_SECONDS"] == 3600
    assert after["SCOPES"] == {**BEFORE["SCOPES"], "login": after["SCOPES"]["login"]}
    assert after["DEFAULT_SCOPES"] == ["read", "write", "groups"]
    assert (
        after["OAUTH2_VALIDATOR_CLASS"] == "tokenauth.validators.BearerTokenValidator"
    )
    own = merged({"OAUTH2_VALIDATOR_CLASS": "accounts.validators.Ours"})
    assert own["OAUTH2_VALIDATOR_CLASS"] == "accounts.validators.Ours"
    assert list(own["SCOPES"]) == ["read", "write", "login"]  # DOT's, plus login
    assert own["DEFAULT_SCOPES"] == ["read", "write"]


def test_after_the_merge_the_checks_pass(settings, db):
    settings.OAUTH2_PROVIDER = merged(BEFORE)
    call_command("check", fail_level="WARNING")


def test_a_token_issued_before_the_change_does_not_log_in(client, old_token):
    assert old_token.scope == "read write groups"
    response = client.get("/secret", headers=bearer(old_token.token))
    assert response.status_code == 302


def test_a_token_issued_before_the_change_keeps_its_api_scopes(client, old_token):
    response = client.get("/drf/write", headers=bearer(old_token.token))
    assert response.status_code == 200
    assert response.json()["user"] == "bob"


def test_refreshing_a_token_issued_before_the_change_adds_no_login(client, old_token):
    application = old_token.application
    response = client.post(
        "/o/token/",
        {"grant_type": "refresh_token", "refresh_token": "old-refresh"},
        headers=basic_auth(application.client_id, application.plaintext_secret),
    )
    assert response.status_code == 200, response.json()
    assert response.json()["scope"] == "read write groups"
    new_token = response.json()["access_token"]
    assert client.get("/secret", headers=bearer(new_token)).status_code == 302


def test_a_refresh_cannot_widen_a_token_issued_before_the_change_to_login(
    client, old_token
):
    application = old_token.application
    response = client.post(
        "/o/token/",
        {
            "grant_type": "refresh_token",
            "refresh_token": "old-refresh",
            "scope": "read login",
        },
        headers=basic_auth(application.client_id, application.plaintext_secret),
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_a_client_that_asks_for_no_scope_gets_what_it_got_before(
    client, old_token, make_application
):
    application = make_application(Application.GRANT_CLIENT_CREDENTIALS)
    response = client.post(
        "/o/token/",
        {"grant_type": "client_credentials"},
        headers=basic_auth(application.client_id, application.plaintext_secret),
    )
    assert response.json()["scope"] == "read write groups"


def test_an_application_that_skips_consent_gets_login_unapproved(
    client, bob, make_application
):
    application = make_application(skip_authorization=True)
    verifier, challenge = pkce_pair()
    client.force_login(bob)
    response = client.get(
        "/o/authorize/",
        {
            "response_type": "code",
            "client_id": application.client_id,
            "redirect_uri": REDIRECT_URI,
            "scope": "login",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        },
    )
    # No consent page: straight back to the client, with a code ...
    assert response.status_code == 302
    assert response["Location"].startswith(f"{REDIRECT_URI}?code=")
    code = parse_qs(urlsplit(response["Location"]).query)["code"][0]
    client.logout()
    response = client.post(
        "/o/token/",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier,
        },
        headers=basic_auth(application.client_id, application.plaintext_secret),
    )
    # ... for a token that logs bob in.
    assert response.status_code == 200, response.json()
    assert response.json()["scope"] == "login"
    token = response.json()["access_token"]
    assert client.get("/secret", headers=bearer(token)).content == b"Secret contents!\n"
