"""
Step 3: malformed credentials get a documented answer, never a server error:
the page redirects to the login page, the API answers 401.

The test client hands Django the header as a WSGI server does: the raw bytes
as a string, decoded as ISO-8859-1.
"""

import pytest

VALID = "VALID"  # stands for a real token of alice, filled in by the test

# What each URL answers when the credentials are refused, and when accepted.
REFUSED = {"/secret": 302, "/api/echo": 401}


@pytest.mark.parametrize("path", REFUSED)
@pytest.mark.parametrize(
    ("authorization", "query", "accepted"),
    [
        pytest.param("", "", False, id="empty header"),
        pytest.param("Bearer", "", False, id="scheme alone"),
        pytest.param("Bearer ", "", False, id="scheme and a space"),
        pytest.param("Bearer " + "x%\x00;" * 1250, "", False, id="5000 garbage"),
        pytest.param("Bearer \xe9\xff\x80", "", False, id="non-ASCII bytes"),
        pytest.param(f"Bearer {VALID} {VALID}", "", False, id="two tokens"),
        pytest.param("Basic YWxpY2U6cGFzcw==", "", False, id="Basic scheme"),
        pytest.param(f"BearerX {VALID}", "", False, id="BearerX scheme"),
        pytest.param(None, f"access_token={VALID}", False, id="token in query"),
        pytest.param(f"bearer {VALID}", "", True, id="lowercase scheme"),
        pytest.param(f"Bearer {VALID}", "q=%zz", True, id="bad escape in query"),
    ],
)
def test_malformed_credentials_get_a_documented_answer(
    client, alice, make_token, path, authorization, query, accepted
):
    token = make_token(alice).token
    environ = {}
    if authorization is not None:
        environ["HTTP_AUTHORIZATION"] = authorization.replace(VALID, token)

    response = client.get(path, QUERY_STRING=query.replace(VALID, token), **environ)

    assert response.status_code == (200 if accepted else REFUSED[path])
