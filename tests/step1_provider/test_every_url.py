"""
Every URL that the provider exposes answers without a server error: each
pattern of the step's URLconf, read from Django's URL resolver, with GET and
with POST, without credentials, with a bogus Bearer token and with a client's
HTTP Basic credentials. Step 3 runs these tests again on its own URLconf.
"""

from urllib.parse import urlencode

from django.test import Client

from tests.support import basic_auth, bearer
from tests.urlwalk import url_paths


def test_every_url_answers_without_a_server_error(application):
    # A POST names a registered client, as a client of any endpoint would:
    # under oauthlib 4.0.1, that alone made the device authorization endpoint
    # answer 500.
    form = urlencode({"client_id": application.client_id})
    credentials = {
        "none": {},
        "a bogus Bearer token": bearer("not-a-token"),
        "the client's Basic credentials": basic_auth(
            application.client_id, application.plaintext_secret
        ),
    }
    paths = url_paths(
        {
            "pk": application.pk,
            "client_id": application.client_id,
            "user_code": "WDJB-MJHT",
            "app_label": "auth",
        }
    )
    client = Client(raise_request_exception=False)
    errors = []

    for path in paths:
        for name, headers in credentials.items():
            for response in (
                client.get(path, headers=headers),
                client.post(
                    path,
                    form,
                    content_type="application/x-www-form-urlencoded",
                    headers=headers,
                ),
            ):
                if response.status_code >= 500:
                    method = response.request["REQUEST_METHOD"]
                    errors.append(
                        f"{method} {path} with {name}: {response.status_code} "
                        f"{response.exc_info[1]!r}"
                    )

    assert len(paths) > 80  # the admin's, auth's and DOT's patterns, not a few
    assert errors == []
