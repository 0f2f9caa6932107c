"""
Step 3, over a real socket: hundreds of generated Authorization headers and
query strings. Never a server error, never a 200 without a valid token, and
`Vary: Authorization` on every answer.

Hypothesis generates the requests; derandomize makes every run send the same
ones, so a failure is reproducible and CI cannot flake.
"""

import http.client
from urllib.parse import quote_from_bytes, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = 500
# Pages where a valid token may answer 200; the admin and DOT's pages never do.
TOKEN_PAGES = ["/secret", "/api/echo"]
OTHER_PAGES = ["/admin/", "/o/applications/", "/no-such-page"]


def credentials(token):
    """What a client might put after the scheme: the token, damaged or not, or junk."""
    damaged = st.sampled_from(
        [token[:-1], token + "x", token.upper(), token.lower(), f"{token}\x00"]
    )
    junk = st.binary(max_size=300).map(lambda raw: raw.decode("latin-1"))
    return st.one_of(st.just(token), damaged, junk, st.just("x" * 5000))


def authorization_headers(token):
    scheme = st.sampled_from(["Bearer", "bearer", "BEARER", "Basic", "BearerX", ""])
    separator = st.sampled_from([" ", "  ", "\t", "\xa0", ""])
    header = st.builds(
        lambda *parts: "".join(parts), scheme, separator, credentials(token)
    )
    # CR and LF would end the header: no HTTP client sends them inside one.
    return st.none() | header.filter(
        lambda value: "\r" not in value and "\n" not in value
    )


def query_strings(token):
    junk = st.binary(max_size=100).map(lambda raw: quote_from_bytes(raw, safe="=&%+"))
    fixed = st.sampled_from(["", f"access_token={token}", "q=%zz", "%", "a=%ff%fe"])
    return fixed | junk


def carries(header, token):
    """Whether a header is a well-formed Bearer authorization with the token."""
    parts = (header or "").split()
    return len(parts) == 2 and parts[0].lower() == "bearer" and parts[1] == token


def send(address, path, query, header):
    connection = http.client.HTTPConnection(*address, timeout=10)
    try:
        connection.putrequest("GET", f"{path}?{query}" if query else path)
        if header is not None:
            connection.putheader("Authorization", header.encode("latin-1"))
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Vary", "")
    finally:
        connection.close()


def test_generated_credentials_get_safe_answers(live_server, alice, make_token):
    token = make_token(alice).token
    url = urlsplit(live_server.url)
    assert url.hostname == "127.0.0.1"
    sent = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        # Each request is bounded in time by its socket's timeout instead: a
        # deadline would call a request slowed by a busy machine flaky.
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        path=st.sampled_from(TOKEN_PAGES + OTHER_PAGES),
        query=query_strings(token),
        header=authorization_headers(token),
    )
    def request_is_answered_safely(path, query, header):
        status, vary = send((url.hostname, url.port), path, query, header)
        sent.append(status)
        assert status < 500
        if status == 200:
            assert path in TOKEN_PAGES
            assert carries(header, token)
        assert "Authorization" in vary

    request_is_answered_safely()

    assert len(sent) >= EXAMPLES
    assert 200 in sent  # the sweep reached the valid case too
