"""
Step 3: malformed credentials get a documented answer, never a server error:
the page redirects to the login page; the API answers 400 invalid_request to a
malformed Bearer header (RFC 6750, section 3.1) and 401 to anything else.

The test client hands Django the header as a WSGI server does: the raw bytes
as a string, decoded as ISO-8859-1.
"""

import pytest

VALID = "VALID"  # stands for a real token of alice, filled in by the test

MALFORMED = {"/secret": 302, "/api/echo": 400}
NOT_BEARER = {"/secret": 302, "/api/echo": 401}
ACCEPTED = {"/secret": 200, "/api/echo": 200}


@pytest.mark.parametrize("path", ["/secret", "/api/echo"])
@pytest.mark.parametrize(
    ("authorization", "query", "expected"),
    [
        pytest.param("", "", NOT_BEARER, id="empty header"),
        pytest.param("Bearer", "", MALFORMED, id="scheme alone"),
        pytest.param("Bearer ", "", MALFORMED, id="scheme and a space"),
        pytest.param("Bearer " + "x%\x00;" * 1250, "", MALFORMED, id="5000 garbage"),
        pytest.param("Bearer \xe9\xff\x80", "", MALFORMED, id="non-ASCII bytes"),
        pytest.param(f"Bearer {VALID} {VALID}", "", MALFORMED, id="two tokens"),
        pytest.param(f"Bearer\xa0{VALID}", "", MALFORMED, id="no-break space"),
        pytest.param(f"Bearer\t{VALID}", "", MALFORMED, id="tab"),
        pytest.param(f"Bearer {VALID}\xa0", "", MALFORMED, id="trailing no-break"),
        pytest.param("Basic YWxpY2U6cGFzcw==", "", NOT_BEARER, id="Basic scheme"),
        pytest.param(f"BearerX {VALID}", "", NOT_BEARER, id="BearerX scheme"),
        pytest.param(None, f"access_token={VALID}", NOT_BEARER, id="token in query"),
        pytest.param(f"bearer {VALID}", "", ACCEPTED, id="lowercase scheme"),
        pytest.param(f"Bearer   {VALID}", "", ACCEPTED, id="three spaces"),
        pytest.param(f"Bearer {VALID}", "q=%zz", ACCEPTED, id="bad escape in query"),
    ],
)
def test_malformed_credentials_get_a_documented_answer(
    client, alice, make_token, path, authorization, query, expected
):
    token = make_token(alice).token
    environ = {}
    if authorization is not None:
        environ["HTTP_AUTHORIZATION"] = authorization.replace(VALID, token)

    response = client.get(path, QUERY_STRING=query.replace(VALID, token), **environ)

    assert response.status_code == expected[path]
    if path == "/api/echo" and expected is MALFORMED:
        assert response["WWW-Authenticate"] == 'Bearer error="invalid_request"'
