"""Step 4's provider: its introspection endpoint knows deactivated users."""

import pytest
from django.test import RequestFactory
from oauth2_provider.views import IntrospectTokenView

from tests.tokens import basic_auth, bearer, create_access_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def introspection_token(db):
    """What `manage.py resourceserver` hands a resource server."""
    return create_access_token(None, scope="introspection").token


@pytest.fixture
def deactivated_users_token(bob):
    token = create_access_token(bob).token
    bob.is_active = False
    bob.save()
    return token


def test_stock_dot_calls_a_deactivated_users_token_active(
    introspection_token, deactivated_users_token
):
    request = RequestFactory().post(
        "/o/introspect/",
        {"token": deactivated_users_token},
        headers=bearer(introspection_token),
    )

    answer = IntrospectTokenView.as_view()(request)

    assert answer.status_code == 200
    assert b'"active": true' in answer.content


def test_the_provider_calls_a_deactivated_users_token_not_active(
    client, introspection_token, deactivated_users_token
):
    answer = client.post(
        "/o/introspect/",
        {"token": deactivated_users_token},
        headers=bearer(introspection_token),
    )

    assert answer.json() == {"active": False}


def test_the_provider_still_answers_for_a_good_token(client, introspection_token, bob):
    token = create_access_token(bob, scope="read login").token

    answer = client.post(
        "/o/introspect/", {"token": token}, headers=bearer(introspection_token)
    )

    assert answer.json()["active"] is True
    assert answer.json()["username"] == "bob"


def test_the_provider_refuses_a_clients_id_and_secret(client, application, bob):
    token = create_access_token(bob, scope="read login").token
    credentials = basic_auth(application.client_id, application.plaintext_secret)

    answer = client.post("/o/introspect/", {"token": token}, headers=credentials)

    assert answer.status_code == 403
    assert b"bob" not in answer.content
