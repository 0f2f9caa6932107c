"""
Helpers shared by the tests of every step: a person's clicks over real HTTP,
and the step's command-line OAuth2 client run as a reader runs it.
"""

import base64
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests

AUTHENTICATION_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass(frozen=True)
class TokenSetup:
    """A token middleware and the backend that goes with it."""

    middleware: str
    backend: str


# What DOT's tutorial configures, and what this tutorial's steps 2 and 3 use.
STOCK = TokenSetup(
    "oauth2_provider.middleware.OAuth2TokenMiddleware",
    "oauth2_provider.backends.OAuth2Backend",
)
HARDENED = TokenSetup(
    "tokenauth.middleware.BearerTokenMiddleware",
    "tokenauth.backends.BearerTokenBackend",
)

# Where the two middlewares sit, in the names the docs use.
ORDERS = {
    "after": lambda token: [AUTHENTICATION_MIDDLEWARE, token],
    "before": lambda token: [token, AUTHENTICATION_MIDDLEWARE],
    "token only": lambda token: [token],
    "session only": lambda token: [AUTHENTICATION_MIDDLEWARE],
}


def use_token_setup(settings, setup, order="after"):
    """Point the settings at `setup`, its middleware placed as `order` says."""
    placed = {AUTHENTICATION_MIDDLEWARE, STOCK.middleware, HARDENED.middleware}
    others = [name for name in settings.MIDDLEWARE if name not in placed]
    at = others.index("django.middleware.csrf.CsrfViewMiddleware") + 1
    settings.MIDDLEWARE = [*others[:at], *ORDERS[order](setup.middleware), *others[at:]]
    settings.AUTHENTICATION_BACKENDS = [setup.backend, MODEL_BACKEND]


def bearer(token):
    """The Authorization header of a request made with an access token."""
    return {"Authorization": f"Bearer {token}"}


def basic_auth(client_id, secret):
    """The Authorization header of a confidential client: HTTP Basic, id and secret."""
    credentials = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {credentials}"}


class _PostForm(HTMLParser):
    """Reads the action and the prefilled fields of the first POST form of a page."""

    def __init__(self):
        super().__init__()
        self.action = None
        self.fields = {}
        self._inside = False
        self._done = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (
            tag == "form"
            and not self._done
            and attrs.get("method", "").lower() == "post"
        ):
            self.action = attrs.get("action") or ""
            self._inside = True
        elif tag == "input" and self._inside and attrs.get("type") == "hidden":
            self.fields[attrs["name"]] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form" and self._inside:
            self._inside = False
            self._done = True


def post_form(session, page, **fields):
    """Submit the first POST form of `page` like a browser, with `fields` typed in."""
    form = _PostForm()
    form.feed(page.text)
    assert form.action is not None, f"no POST form on {page.url}"
    return session.post(
        urljoin(page.url, form.action),
        data={**form.fields, **fields},
        headers={"Referer": page.url},
        timeout=30,
    )


def log_in_and_authorize(authorize_url, username, password):
    """
    What a person does in the browser: open the address a client printed, log in,
    then click Authorize on the consent page. Returns the last response, the one
    from the client's callback.
    """
    browser = requests.Session()
    login_page = browser.get(authorize_url, timeout=30)
    assert "/accounts/login/" in login_page.url, login_page.url
    consent_page = post_form(browser, login_page, username=username, password=password)
    assert "/o/authorize/" in consent_page.url, consent_page.url
    return post_form(browser, consent_page, allow="Authorize")


def run_oauth_client(step_dir, server_url, application, *args):
    """Run the step's oauth_client.py with the application's credentials."""
    return subprocess.run(
        [sys.executable, "oauth_client.py", "--server", server_url, *args],
        cwd=step_dir,
        env=_client_env(application),
        capture_output=True,
        text=True,
        timeout=60,
    )


def authorize_with_oauth_client(step_dir, server_url, application, username, password):
    """
    Get a token the way step 1 teaches: `oauth_client.py authorize` prints an
    address, a person approves it, and the client prints the token as JSON.
    """
    client = subprocess.Popen(
        [sys.executable, "oauth_client.py", "--server", server_url, "authorize"],
        cwd=step_dir,
        env=_client_env(application),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        client.stderr.readline()  # "Open this address in your browser..."
        callback = log_in_and_authorize(
            client.stderr.readline().strip(), username, password
        )
        assert callback.status_code == 200, callback.text
        out, err = client.communicate(timeout=60)
    finally:
        client.kill()
    assert client.returncode == 0, err
    return json.loads(out)


def _client_env(application):
    return {
        **os.environ,
        "CLIENT_ID": application.client_id,
        "CLIENT_SECRET": application.plaintext_secret,
    }
