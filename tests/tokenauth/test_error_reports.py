"""
An error page or report never shows a request's token, with DEBUG on
or off, whether the error comes from the view or from checking the token.
"""

import pytest
from django.views.debug import ExceptionReporter

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
