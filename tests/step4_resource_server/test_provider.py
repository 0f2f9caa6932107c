"""
Step 4's provider: its introspection endpoint knows deactivated users, and
answers only the resource servers that `manage.py resourceserver` registered.
"""

import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from oauth2_provider.models import get_application_model
from oauth2_provider.views import IntrospectTokenView

from provider.views import IntrospectView
from tests.tokens import basic_auth, bearer, create_access_token

Application = get_application_model()
pytestmark = pytest.mark.django_db


def register(name="Resource server", *args):
    """Run `manage.py resourceserver`; return what it printed, as a dict."""
    printed = StringIO()
    call_command("resourceserver", name, *args, stdout=printed)
    return dict(line.split("=", 1) for line in printed.getvalue().split())


def as_resource_server(credentials):
    return basic_auth(
        credentials["INTROSPECTION_CLIENT_ID"],
        credentials["INTROSPECTION_CLIENT_SECRET"],
    )


@pytest.fixture
def resource_server_auth(db):
    """The Authorization header of a resource server that the command registered."""
    return as_resource_server(register())


@pytest.fixture
def deactivated_users_token(bob):
    token = create_access_token(bob).token
    bob.is_active = False
    bob.save()
    return token


def test_stock_dot_calls_a_deactivated_users_token_active(deactivated_users_token):
    introspection_token = create_access_token(None, scope="introspection").token
    request = RequestFactory().post(
        "/o/introspect/",
        {"token": deactivated_users_token},
        headers=bearer(introspection_token),
    )

    answer = IntrospectTokenView.as_view()(request)

    assert answer.status_code == 200
    assert b'"active": true' in answer.content


def test_the_provider_calls_a_deactivated_users_token_not_active(
    client, resource_server_auth, deactivated_users_token
):
    answer = client.post(
        "/o/introspect/",
        {"token": deactivated_users_token},
        headers=resource_server_auth,
    )

    assert answer.json() == {"active": False}


def test_the_provider_still_answers_for_a_good_token(client, resource_server_auth, bob):
    token = create_access_token(bob, scope="read login").token

    answer = client.post(
        "/o/introspect/", {"token": token}, headers=resource_server_auth
    )

    assert answer.json()["active"] is True
    assert answer.json()["username"] == "bob"


def test_the_provider_answers_every_field_as_dots_endpoint_does(
    client, resource_server_auth, bob, application
):
    token = create_access_token(bob, scope="read login", application=application)
    token.resource = ["https://api.example.com/"]
    token.save()

    answer = client.post(
        "/o/introspect/", {"token": token.token}, headers=resource_server_auth
    )

    dots = IntrospectTokenView.get_token_response(token.token)
    assert answer.json() == json.loads(dots.content)
    assert set(answer.json()) == {
        "active",
        "scope",
        "exp",
        "client_id",
        "username",
        "aud",
    }


def test_the_provider_answers_in_two_queries_as_dots_endpoint_does(
    client, resource_server_auth, bob, django_assert_num_queries
):
    token = create_access_token(bob, scope="read login").token

    # One for the client, one for the token with its user.
    with django_assert_num_queries(2):
        answer = client.post(
            "/o/introspect/", {"token": token}, headers=resource_server_auth
        )

    assert answer.json()["active"] is True


def test_the_provider_refuses_a_clients_id_and_secret(client, application, bob):
    token = create_access_token(bob, scope="read login").token
    credentials = basic_auth(application.client_id, application.plaintext_secret)

    answer = client.post("/o/introspect/", {"token": token}, headers=credentials)

    assert answer.status_code == 403
    assert b"bob" not in answer.content


def test_the_provider_refuses_a_token_even_with_the_scope_introspection(client, bob):
    # What step 4 handed resource servers before: it expired after 30 days.
    introspection_token = create_access_token(None, scope="introspection").token
    token = create_access_token(bob, scope="read login").token

    answer = client.post(
        "/o/introspect/", {"token": token}, headers=bearer(introspection_token)
    )

    assert answer.status_code == 403


def test_resourceserver_never_adopts_an_application_it_did_not_create(
    client, make_application, bob
):
    # A user registered an application under the resource server's name.
    theirs = make_application(name="Resource server", user=bob)

    credentials = register("Resource server")

    theirs.refresh_from_db()
    assert theirs.user == bob
    assert credentials["INTROSPECTION_CLIENT_ID"] != theirs.client_id
    theirs.delete()  # as its owner may
    token = create_access_token(bob, scope="read login").token
    answer = client.post(
        "/o/introspect/", {"token": token}, headers=as_resource_server(credentials)
    )
    assert answer.json()["active"] is True


def test_a_rotated_credential_works_beside_the_old_until_it_is_retired(client, bob):
    token = create_access_token(bob, scope="read login").token
    old, new = register(), register()

    def ask(credentials):
        headers = as_resource_server(credentials)
        return client.post("/o/introspect/", {"token": token}, headers=headers)

    assert ask(old).status_code == ask(new).status_code == 200
    call_command(
        "resourceserver",
        "Resource server",
        "--retire",
        old["INTROSPECTION_CLIENT_ID"],
        stdout=StringIO(),
    )

    assert ask(old).status_code == 403
    assert ask(new).status_code == 200


def test_resourceserver_retires_only_its_own_applications(make_application, bob):
    theirs = make_application(name="Resource server", user=bob)

    with pytest.raises(CommandError, match="has no client id"):
        call_command("resourceserver", "Resource server", "--retire", theirs.client_id)

    assert Application.objects.filter(pk=theirs.pk).exists()


def test_an_error_report_of_the_introspection_endpoint_never_holds_the_token(
    client, settings, resource_server_auth, bob, monkeypatch
):
    settings.ADMINS = [("Admin", "admin@example.com")]
    token = create_access_token(bob, scope="read login").token

    def broken(self, token_value=None):
        raise RuntimeError("a bug in the introspection endpoint")

    monkeypatch.setattr(IntrospectView, "get_token_response", broken)
    client.raise_request_exception = False

    answer = client.post(
        "/o/introspect/", {"token": token}, headers=resource_server_auth
    )

    assert answer.status_code == 500
    [report] = mail.outbox
    assert "a bug in the introspection endpoint" in report.body
    assert token not in report.body
    assert all(token not in html for html, _ in report.alternatives)
