"""Step 1's provider tests, run again here: this step must not break the provider."""

from tests.step1_provider.test_flows import *  # noqa: F403
from tests.step1_provider.test_flows import REDIRECT_URI, pkce_pair, token_request

# A client must ask for the `login` scope, and a person approve it.


def test_a_client_that_asks_for_no_scope_gets_read_only(client, make_application):
    service = make_application("client-credentials")

    response = token_request(client, service, grant_type="client_credentials")

    assert response.status_code == 200
    assert response.json()["scope"] == "read"


def test_the_consent_page_offers_no_login_unless_asked(client, alice, application):
    client.force_login(alice)
    _verifier, challenge = pkce_pair()
    query = {
        "response_type": "code",
        "client_id": application.client_id,
        "redirect_uri": REDIRECT_URI,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }

    unasked = client.get("/o/authorize/", query)
    asked = client.get("/o/authorize/", {**query, "scope": "read login"})

    assert unasked.context["form"]["scope"].value() == "read"
    assert unasked.context["scopes_descriptions"] == ["Read your data"]
    assert asked.context["form"]["scope"].value() == "read login"
    assert "Use this site's pages as you" in asked.context["scopes_descriptions"]
