"""
Every URL that the provider exposes answers without a server error: each
pattern of the step's URLconf, read from Django's URL resolver, with GET and
with POST. Step 3 runs these tests again on its own URLconf.
"""

from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.tokens import basic_auth, bearer
from tests.urlwalk import url_paths


@pytest.fixture
def paths(application):
    """A path for every URL pattern, with the application's ids where one is asked."""
    return url_paths(
        {
            "pk": application.pk,
            "client_id": application.client_id,
            "user_code": "WDJB-MJHT",
            "app_label": "auth",
        }
    )


def server_errors(paths, query, credentials, form):
    """GET and POST every path with each of `credentials`: the answers >= 500."""
    client = Client(raise_request_exception=False)
    errors = []
    for path in paths:
        for name, headers in credentials.items():
            for response in (
                client.get(path + query, headers=headers),
                client.post(
                    path + query,
                    urlencode(form),
                    content_type="application/x-www-form-urlencoded",
                    headers=headers,
                ),
            ):
                if response.status_code >= 500:
                    method = response.request["REQUEST_METHOD"]
                    errors.append(
                        f"{method} {path}{query} with {name}: "
                        f"{response.status_code} {response.exc_info[1]!r}"
                    )
    return errors


def test_every_url_answers_without_a_server_error(paths, application):
    credentials = {
        "none": {},
        "a bogus Bearer token": bearer("not-a-token"),
        "the client's Basic credentials": basic_auth(
            application.client_id, application.plaintext_secret
        ),
    }
    # A POST names a registered client, as a client of any endpoint would:
    # under oauthlib 4.0.1, that alone made the device authorization endpoint
    # answer 500.
    form = {"client_id": application.client_id}

    assert len(paths) > 80  # the admin's, auth's and DOT's patterns, not a few
    assert server_errors(paths, "", credentials, form) == []


def test_every_url_answers_a_bad_escape_in_its_query_without_a_server_error(paths):
    """
    Fails with DOT 3.4.1, whatever oauthlib: oauthlib refuses the query string
    `q=%zz` with a ValueError, which DOT's token, revocation, introspection and
    device authorization endpoints let through as a 500.
    """
    assert server_errors(paths, "?q=%zz", {"none": {}}, {"a": "1"}) == []
