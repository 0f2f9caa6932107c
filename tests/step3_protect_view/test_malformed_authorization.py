"""
Step 3: malformed credentials get a documented answer, never a server error.

The test client hands Django the header exactly as a WSGI server would: a
string of the raw bytes, decoded as ISO-8859-1.
"""

import pytest

VALID = "VALID"  # replaced by a real token of alice in the test


@pytest.mark.parametrize(
    ("case", "environ", "query", "status"),
    [
        ("empty header", {"HTTP_AUTHORIZATION": ""}, "", 302),
        ("scheme alone", {"HTTP_AUTHORIZATION": "Bearer"}, "", 302),
        ("scheme and space", {"HTTP_AUTHORIZATION": "Bearer "}, "", 302),
        ("5000 garbage", {"HTTP_AUTHORIZATION": "Bearer " + "x%\x00;" * 1250}, "", 302),
        ("non-ASCII bytes", {"HTTP_AUTHORIZATION": "Bearer \xe9\xff\x80"}, "", 302),
        ("two tokens", {"HTTP_AUTHORIZATION": f"Bearer {VALID} {VALID}"}, "", 302),
        ("Basic scheme", {"HTTP_AUTHORIZATION": "Basic YWxpY2U6cGFzcw=="}, "", 302),
        ("BearerX scheme", {"HTTP_AUTHORIZATION": f"BearerX {VALID}"}, "", 302),
        ("token in query string", {}, f"access_token={VALID}", 302),
        ("lowercase scheme", {"HTTP_AUTHORIZATION": f"bearer {VALID}"}, "", 200),
        (
            "bad escape in query",
            {"HTTP_AUTHORIZATION": f"Bearer {VALID}"},
            "q=%zz",
            400,
        ),
    ],
)
def test_malformed_authorization_gets_a_documented_answer(
    client, alice, make_token, case, environ, query, status
):
    token = make_token(alice).token
    environ = {key: value.replace(VALID, token) for key, value in environ.items()}

    response = client.get(
        "/secret", QUERY_STRING=query.replace(VALID, token), **environ
    )

    assert response.status_code == status, case
    assert response.status_code < 500
