"""
DOT's device authorization grant (RFC 8628), which step 1 mounts with the rest
of `oauth2_provider.urls` although the tutorial never uses it: under the
pinned oauthlib it works, and a device code that was never approved gets no
token.
"""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils.datastructures import MultiValueDictKeyError
from oauth2_provider.models import get_access_token_model, get_application_model

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


@pytest.fixture
def device(make_application):
    """A public client of the device grant, as a TV or a command-line tool is."""
    return make_application(get_application_model().GRANT_DEVICE_CODE, public=True)


def post_form(client, path, **fields):
    return client.post(
        path, urlencode(fields), content_type="application/x-www-form-urlencoded"
    )


def test_device_authorization_answers_with_its_codes(client, device):
    response = post_form(client, "/o/device-authorization/", client_id=device.client_id)

    assert response.status_code == 200
    assert {"device_code", "user_code", "verification_uri"} <= response.json().keys()


def test_a_device_code_gets_no_token_before_a_person_approves_it(client, device):
    """The attack of CVE-2026-49272 (fixed in oauthlib 4.0.1) against DOT 3.4.1."""
    codes = post_form(client, "/o/device-authorization/", client_id=device.client_id)

    def ask(device_code):
        return post_form(
            client,
            "/o/token/",
            grant_type=DEVICE_GRANT,
            client_id=device.client_id,
            device_code=device_code,
        )

    pending = ask(codes.json()["device_code"])
    bogus = ask("not-a-device-code")

    assert (pending.status_code, pending.json()["error"]) == (
        400,
        "authorization_pending",
    )
    assert (bogus.status_code, bogus.json()["error"]) == (404, "device_not_found")
    assert not get_access_token_model().objects.exists()


def test_dot_fails_on_a_device_grant_without_its_device_code(device):
    """
    Pins DOT 3.4.1's behaviour, whatever oauthlib: its token view reads
    `device_code` without checking that the form has one, so this request is
    a server error (500). When this test fails, DOT has fixed it.
    """
    client = Client()

    with pytest.raises(MultiValueDictKeyError):
        post_form(
            client, "/o/token/", grant_type=DEVICE_GRANT, client_id=device.client_id
        )
