"""
Fixtures shared by the tests of every step.

Django is already set up when this file is imported (pytest-django does it
first), but the repository checks in tests/repo run without Django, so the
imports that need it stay inside the fixtures.
"""

import os

import pytest

from tests import REPO
from tests.clients import authorize_with_oauth_client
from tests.presets import STOCK, use_token_setup
from tests.tokens import PASSWORD, REDIRECT_URI, create_access_token

# pytest-django's live server listens on 127.0.0.1, not on whatever "localhost"
# resolves to: tests talk to the loopback address only.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


@pytest.fixture
def stock(settings):
    """DOT's own middleware and backend, as DOT's tutorial configures them."""
    use_token_setup(settings, STOCK)


@pytest.fixture
def step_dir(request):
    """The step folder under test: tests/<step>/ holds the tests of <step>/."""
    return REPO / request.path.parent.name


@pytest.fixture
def make_user(django_user_model):
    """Create users whose password is PASSWORD."""

    def make(username, **fields):
        return django_user_model.objects.create_user(
            username, password=PASSWORD, **fields
        )

    return make


@pytest.fixture
def alice(make_user):
    return make_user("alice", is_staff=True, is_superuser=True)


@pytest.fixture
def bob(make_user):
    return make_user("bob")


@pytest.fixture
def make_application(db):
    """Register OAuth2 applications, keeping the plaintext secret that DOT hashes."""
    from oauth2_provider.generators import generate_client_secret
    from oauth2_provider.models import get_application_model

    Application = get_application_model()

    def make(
        grant=Application.GRANT_AUTHORIZATION_CODE, *, public=False, user=None, **fields
    ):
        secret = "" if public else generate_client_secret()
        application = Application.objects.create(
            name=fields.pop("name", "Test client"),
            user=user,
            client_type=Application.CLIENT_PUBLIC
            if public
            else Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=grant,
            redirect_uris=fields.pop("redirect_uris", REDIRECT_URI),
            client_secret=secret,
            **fields,
        )
        application.plaintext_secret = secret
        return application

    return make


@pytest.fixture
def application(make_application):
    """A confidential client that uses the authorization code flow."""
    return make_application()


@pytest.fixture
def make_token(db):
    """
    Store access tokens directly, as a finished OAuth2 flow would. Tests of
    the flows themselves obtain their tokens through the flows.
    """
    return create_access_token


@pytest.fixture
def approved_token(step_dir, live_server):
    """
    Get a token as step 1 teaches, from the step's server on a real socket:
    `oauth_client.py authorize` for `application`, approved in the browser by
    `username` (whose password is PASSWORD). Options such as
    `"--scope", "read login"` go before the command. Returns the client's JSON.
    """

    def approve(application, username, *options):
        return authorize_with_oauth_client(
            step_dir, live_server.url, application, username, PASSWORD, *options
        )

    return approve


def pytest_sessionfinish(session):
    """A skipped test proves nothing: fail the run rather than let it look green."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and reporter.stats.get("skipped"):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
