"""
Step 2: every cell of the behaviour matrix that the site shows (matrix.py),
sent to a `login_required` view in its configuration and asserted.
"""

import pytest

from tests.presets import HARDENED, STOCK, use_token_setup
from tests.step2_middleware import matrix

pytestmark = pytest.mark.urls("tests.urls")

SETUPS = {"stock": STOCK, "hardened": HARDENED}


@pytest.fixture
def send(client, alice, bob, make_user, make_token, make_application):
    """Send one kind of request to the view; return its cell: status and user."""

    def token(user=alice, **options):
        return make_token(user, **options).token

    def revoked():
        access_token = make_token(alice)
        access_token.revoke()
        return access_token.token

    def inactive_users_token():
        return token(make_user("carol", is_active=False))

    def client_credentials_token():
        return token(None, application=make_application("client-credentials"))

    # What each kind of request carries: Authorization header, query, session.
    # Made on demand, so that a test creates only the token it sends.
    kinds = {
        "nothing": lambda: (None, "", None),
        "token": lambda: (f"Bearer {token()}", "", None),
        "session": lambda: (None, "", bob),
        "session and token": lambda: (f"Bearer {token()}", "", bob),
        "expired token": lambda: (f"Bearer {token(expires_in=-1)}", "", None),
        "revoked token": lambda: (f"Bearer {revoked()}", "", None),
        "unknown token": lambda: ("Bearer no-such-token", "", None),
        "inactive user's token": lambda: (f"Bearer {inactive_users_token()}", "", None),
        "client-credentials token": lambda: (
            f"Bearer {client_credentials_token()}",
            "",
            None,
        ),
        "token without login scope": lambda: (
            f"Bearer {token(scope='read write')}",
            "",
            None,
        ),
        "scheme alone": lambda: ("Bearer", "", None),
        "basic": lambda: ("Basic YWxpY2U6cGFzc3dvcmQ=", "", None),
        "garbage": lambda: ("Bearer " + "x" * 5000, "", None),
        "non-ascii": lambda: ("Bearer \xe9\xff\x80", "", None),
        "lowercase scheme": lambda: (f"bearer {token()}", "", None),
        "token in query": lambda: (None, f"access_token={token()}", None),
        "bad escape in query": lambda: (f"Bearer {token()}", "q=%zz", None),
    }

    def send(kind):
        authorization, query, session_user = kinds[kind]()
        if session_user is not None:
            client.force_login(session_user)
        environ = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
        client.raise_request_exception = False
        response = client.get("/whoami/login-required", QUERY_STRING=query, **environ)
        if response.status_code == 200:
            return f"200 {response.json()['user']}"
        return str(response.status_code)

    return send


@pytest.mark.parametrize(
    ("setup", "column", "row", "kind", "expected"),
    [pytest.param(*cell, id="-".join(cell[:2] + cell[3:4])) for cell in matrix.cells()],
)
def test_matrix_cell(send, settings, setup, column, row, kind, expected):
    use_token_setup(settings, SETUPS[setup], column)

    assert send(kind) == expected, row
