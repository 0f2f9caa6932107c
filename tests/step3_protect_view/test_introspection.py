"""
DOT's token introspection endpoint (RFC 7662), /o/introspect/, left as DOT sets
it: it answers any client that authenticates, about any token. Then what a
provider can do about it, proven on a URLconf of this module's own.
"""

import pytest
from django.urls import include, path
from oauth2_provider.views import IntrospectTokenView

from tests.tokens import basic_auth, bearer


class ResourceServerIntrospectView(IntrospectTokenView):
    """
    Introspection for resource servers only: client credentials are not
    enough, the request must carry a token with the `introspection` scope,
    which the provider issues to its resource servers and to no one else.
    """

    def authenticate_client(self, request):
        return False


# This module is a URLconf too: DOT's view replaced by the one above.
urlpatterns = [
    path("o/introspect/", ResourceServerIntrospectView.as_view()),
    path("", include("mysite.urls")),
]


@pytest.fixture
def bobs_token(make_application, bob, make_token):
    """A live token of bob's, issued to client B."""
    return make_token(bob, application=make_application(name="Client B"))


def introspect(client, token, headers):
    return client.post("/o/introspect/", {"token": token}, headers=headers)


def test_introspection_answers_any_confidential_client(client, application, bobs_token):
    """
    Pins DOT 3.4.1's behaviour: client A's own credentials introspect a token
    issued to client B, and learn that it is live and whose it is.
    """
    credentials = basic_auth(application.client_id, application.plaintext_secret)

    live = introspect(client, bobs_token.token, credentials)
    unknown = introspect(client, "no-such-token", credentials)

    assert live.status_code == 200
    assert live.json()["active"] is True
    assert live.json()["username"] == "bob"
    assert live.json()["client_id"] == bobs_token.application.client_id
    assert unknown.json() == {"active": False}


def test_introspection_answers_a_public_client_by_its_id_alone(
    client, make_application, bobs_token
):
    """
    Pins DOT 3.4.1's behaviour: a public client registered without a secret, as
    `manage.py registerapp --public` registers it, passes DOT's client check
    with its client id alone, which is no secret (it is in every authorize
    address), even in a GET's query string.
    """
    phone = make_application(public=True, name="Phone app")

    response = client.get(
        "/o/introspect/", {"token": bobs_token.token, "client_id": phone.client_id}
    )

    assert response.status_code == 200
    assert response.json()["username"] == "bob"


@pytest.mark.urls(__name__)
def test_a_provider_can_answer_only_its_resource_servers(
    client, application, make_application, alice, make_token, bobs_token
):
    resource_server = make_application(name="Resource server")
    introspection_token = make_token(
        None, scope="introspection", application=resource_server
    )
    phone = make_application(public=True, name="Phone app")
    refused = {
        "client A's credentials": basic_auth(
            application.client_id, application.plaintext_secret
        ),
        "a public client's id": basic_auth(phone.client_id, ""),
        "a user's token without the introspection scope": bearer(
            make_token(alice).token
        ),
    }

    answers = {
        name: introspect(client, bobs_token.token, headers).status_code
        for name, headers in refused.items()
    }
    allowed = introspect(client, bobs_token.token, bearer(introspection_token.token))

    assert answers == dict.fromkeys(refused, 403)
    assert allowed.status_code == 200
    assert allowed.json()["username"] == "bob"
