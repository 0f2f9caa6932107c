"""
An error page or report never shows a request's token, with DEBUG on
or off, whether the error comes from the view or from checking the token.
"""

import django
import pytest
from django.core import mail
from django.views.debug import ExceptionReporter
from oauth2_provider.views import TokenView

from tests.tokens import bearer
from tokenauth.validators import BearerTokenValidator

pytestmark = pytest.mark.urls("tests.urls")


@pytest.fixture
def token(alice, make_token):
    return make_token(alice).token


@pytest.fixture
def broken_database(monkeypatch):
    def fail(self, token):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(BearerTokenValidator, "_load_access_token", fail)


def error_page(client, path, token):
    client.raise_request_exception = False
    response = client.get(path, headers=bearer(token))
    assert response.status_code == 500
    return response


@pytest.mark.parametrize("debug", [True, False], ids=["DEBUG on", "DEBUG off"])
def test_an_error_in_the_view_shows_no_token(client, settings, token, debug):
    settings.DEBUG = debug

    response = error_page(client, "/broken", token)
    request, (exc_type, exc, tb) = response.wsgi_request, response.exc_info
    report = ExceptionReporter(request, exc_type, exc, tb).get_traceback_text()

    assert token not in response.text
    assert token not in report


@pytest.mark.parametrize("debug", [True, False], ids=["DEBUG on", "DEBUG off"])
def test_an_error_while_checking_the_token_shows_no_token(
    client, settings, token, broken_database, debug
):
    settings.DEBUG = debug

    response = error_page(client, "/whoami", token)
    request, (exc_type, exc, tb) = response.wsgi_request, response.exc_info
    html = ExceptionReporter(request, exc_type, exc, tb).get_traceback_html()

    assert "the database went away" in html
    assert token not in html


@pytest.fixture
def error_mails(settings, client):
    """DEBUG off and an admin to mail, as in production."""
    settings.DEBUG = False
    # Django 6.0 takes addresses; earlier versions take (name, address) pairs.
    address = "admin@example.com"
    settings.ADMINS = [address] if django.VERSION >= (6, 0) else [("Admin", address)]
    client.raise_request_exception = False


def mailed():
    """Everything the error mails hold: the text and the HTML report."""
    return "".join(
        message.body + "".join(content for content, _type in message.alternatives)
        for message in mail.outbox
    )


@pytest.mark.usefixtures("error_mails")
def test_an_error_at_dots_revocation_mails_no_token_and_no_secret(
    client, token, application, monkeypatch
):
    def fail(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(BearerTokenValidator, "revoke_token", fail)

    response = client.post(
        "/o/revoke_token/",
        {
            "token": token,
            "client_id": application.client_id,
            "client_secret": application.plaintext_secret,
        },
    )

    assert response.status_code == 500
    report = mailed()
    assert "the database went away" in report
    assert token not in report
    assert application.plaintext_secret not in report


@pytest.mark.usefixtures("error_mails")
def test_an_error_in_a_projects_view_mails_no_credential_from_its_form(client, token):
    credentials = {"password": "hunter2-secret", "refresh_token": "r-secret-1"}
    response = client.post("/broken", credentials, headers=bearer(token))

    assert response.status_code == 500
    report = mailed()
    assert "a bug in a view" in report
    for value in credentials.values():
        assert value not in report


@pytest.mark.parametrize("debug", [True, False], ids=["DEBUG on", "DEBUG off"])
def test_the_variables_of_dots_frames_show_no_token_and_no_secret(
    client, settings, token, application, monkeypatch, debug
):
    # DOT and oauthlib keep the request's body in local variables, which the
    # DEBUG page and an HTML report (AdminEmailHandler's include_html) show.
    settings.DEBUG = debug

    def fail(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(BearerTokenValidator, "revoke_token", fail)
    client.raise_request_exception = False
    response = client.post(
        "/o/revoke_token/",
        {
            "token": token,
            "client_id": application.client_id,
            "client_secret": application.plaintext_secret,
        },
    )
    request, (exc_type, exc, tb) = response.wsgi_request, response.exc_info
    html = ExceptionReporter(request, exc_type, exc, tb).get_traceback_html()

    assert "the database went away" in html
    assert application.client_id in html
    for secret in (token, application.plaintext_secret):
        assert secret not in html
        assert secret not in response.text


@pytest.mark.usefixtures("error_mails")
def test_an_error_at_dots_token_endpoint_mails_no_device_code(
    client, application, monkeypatch
):
    # RFC 8628: with the device code, a device collects its user's tokens.
    def fail(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(TokenView, "device_flow_token_response", fail)

    response = client.post(
        "/o/token/",
        {
            "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
            "device_code": "a-device-code-secret",
            "client_id": application.client_id,
        },
    )

    assert response.status_code == 500
    report = mailed()
    assert "the database went away" in report
    assert "a-device-code-secret" not in report
