"""
A person's path through step 3, in a real browser, as the pages tell it: log
in, register an application, approve a client's request for step 1's scopes,
then for the `login` scope of step 2, and open /secret with that token. It
saves screenshots of the login, registration and both consent pages on the way.

The browser tests walk it (test_person_path.py); `make screenshots` walks it
to regenerate the screenshots that the step 1 page shows:

    python -m tests.browser.person_path docs/images
"""

import re
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

from tests.browser.chromium import launch
from tests.clients import AuthorizingClient, curl
from tests.servers import serve_step
from tests.tokens import PASSWORD, REDIRECT_URI

STEP = "step3_protect_view"


def walk(page, server, step_dir, shots):
    """Walk the path as `admin`; return what the documented curl command prints."""
    shots.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 900, "height": 420})

    # The registration page is for logged-in people: it sends us to log in.
    page.goto(f"{server}/o/applications/register/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.screenshot(path=shots / "login.png")
    page.click("button:has-text('Log in')")
    page.wait_for_url(f"{server}/o/applications/register/")

    # The secret is readable only here, before saving: DOT stores a hash.
    client = SimpleNamespace(
        client_id=page.input_value("#id_client_id"),
        plaintext_secret=page.input_value("#id_client_secret"),
    )
    page.fill("#id_name", "Browser client")
    page.select_option("#id_client_type", "confidential")
    page.select_option("#id_authorization_grant_type", "authorization-code")
    page.fill("#id_redirect_uris", REDIRECT_URI)
    # The fields that matter, down to the redirect URIs.
    page.screenshot(
        path=shots / "register.png",
        full_page=True,
        clip={"x": 0, "y": 0, "width": 900, "height": 790},
    )
    page.click("button:has-text('Save')")
    page.wait_for_url(re.compile(r".*/o/applications/\d+/$"))

    # The client asks for a code with PKCE; the person approves on the consent
    # page; the provider redirects the browser to the client's local callback.
    # First with step 1's scopes, as step 1's page shows it; then with the
    # `login` scope of step 2, whose token opens step 3's page.
    approve(page, step_dir, server, client, "read write", shots / "consent.png")
    login = shots / "consent-login.png"
    token = approve(page, step_dir, server, client, "read login", login)
    return curl(f'curl -H "Authorization: Bearer {token}" -X GET {server}/secret')


def approve(page, step_dir, server, client, scope, screenshot):
    """Approve `oauth_client.py --scope <scope> authorize`; return its token."""
    with AuthorizingClient(step_dir, server, client, "--scope", scope) as authorizing:
        page.goto(authorizing.address)
        page.screenshot(path=screenshot)
        page.click("input[name=allow]")
        page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/callback\?code="))
        return authorizing.token()["access_token"]


def main(shots):
    from playwright.sync_api import sync_playwright

    with (
        tempfile.TemporaryDirectory() as workdir,
        serve_step(STEP, Path(workdir)) as (server, step_dir),
        sync_playwright() as playwright,
    ):
        browser = launch(playwright)
        print(walk(browser.new_page(), server, step_dir, Path(shots)))
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
