"""
Helpers shared by the tests of every step: the token setups, a person's clicks
over real HTTP, and the step's command-line tools run as a reader runs them.
"""

import base64
import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import requests

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"
# Registered without a port: DOT accepts any port on a loopback redirect URI.
REDIRECT_URI = "http://127.0.0.1/callback"

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


def create_access_token(user, *, scope=None, expires_in=3600, application=None):
    """
    Store an access token as a finished OAuth2 flow would; by default with
    every scope the provider offers. Needs Django set up, and a database.
    """
    from django.utils import timezone
    from oauth2_provider.models import get_access_token_model
    from oauth2_provider.settings import oauth2_settings
    from oauthlib.common import generate_token

    return get_access_token_model().objects.create(
        user=user,
        application=application,
        token=generate_token(),
        scope=" ".join(oauth2_settings.SCOPES) if scope is None else scope,
        expires=timezone.now() + timedelta(seconds=expires_in),
    )


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
        _oauth_client_command(server_url, *args),
        cwd=step_dir,
        env=_client_env(application),
        capture_output=True,
        text=True,
        timeout=60,
    )


def oauth_client_json(step_dir, server_url, application, *args):
    """What a successful run of oauth_client.py prints: its JSON, parsed."""
    result = run_oauth_client(step_dir, server_url, application, *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class AuthorizingClient:
    """
    `oauth_client.py authorize`, running: it has printed the address that a
    person must open to approve it, and waits for the provider's redirect.
    """

    def __init__(self, step_dir, server_url, application, *options):
        self.process = subprocess.Popen(
            _oauth_client_command(server_url, *options, "authorize"),
            cwd=step_dir,
            env=_client_env(application),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.process.stderr.readline()  # "Open this address in your browser..."
        self.address = self.process.stderr.readline().strip()

    def token(self):
        """The token the client prints once the person has approved it."""
        out, err = self.process.communicate(timeout=60)
        assert self.process.returncode == 0, err
        return json.loads(out)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.process.kill()
        self.process.wait()


def authorize_with_oauth_client(
    step_dir, server_url, application, username, password, *options
):
    """
    Get a token the way step 1 teaches: `oauth_client.py [options] authorize`
    prints an address, a person approves it, and the client prints the token
    as JSON.
    """
    with AuthorizingClient(step_dir, server_url, application, *options) as client:
        callback = log_in_and_authorize(client.address, username, password)
        assert callback.status_code == 200, callback.text
        return client.token()


def _oauth_client_command(server_url, *args):
    return [sys.executable, "oauth_client.py", "--server", server_url, *args]


def _client_env(application):
    return {
        **os.environ,
        "CLIENT_ID": application.client_id,
        "CLIENT_SECRET": application.plaintext_secret,
    }


def curl(command):
    """
    Run a documented curl command exactly as a shell would; return what it
    prints on standard output (its progress meter goes to standard error).
    """
    argv = shlex.split(command)
    assert argv[0] == "curl"
    return subprocess.run(
        argv, capture_output=True, text=True, timeout=30, check=True
    ).stdout


def free_port():
    """A port of 127.0.0.1 that nothing listens on, for a server to start on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_step(step, parent):
    """A fresh copy of a step's folder, without its database and caches."""
    copy = parent / step
    shutil.copytree(
        REPO / step,
        copy,
        ignore=shutil.ignore_patterns("db.sqlite3", "__pycache__", ".*"),
    )
    return copy


def reader_env(**extra):
    """
    The environment of a reader's shell after `source .venv/bin/activate`:
    `python` is the virtual environment's, and no test setting leaks in.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH"}
    }
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return {**env, **extra}


# The command that serves a step's folder, followed by the address to listen
# on: runserver, as the pages say, or gunicorn, as a production deployment
# would, with threads that keep connections alive.
SERVERS = {
    "runserver": ["python", "manage.py", "runserver", "--noreload"],
    "gunicorn": [
        "gunicorn",
        "mysite.wsgi",
        "--worker-class",
        "gthread",
        "--threads",
        "4",
        "--bind",
    ],
}


@contextmanager
def serve_step(step, parent, username="admin", server="runserver"):
    """
    Run a step as its page says, in a fresh copy: migrate, create a superuser
    whose password is PASSWORD, and start `server` (one of SERVERS) on a free
    port of 127.0.0.1. Yields the server's address and the copy's folder.
    """
    folder = copy_step(step, parent)
    env = reader_env(DJANGO_SUPERUSER_PASSWORD=PASSWORD)

    def manage(*args):
        subprocess.run(
            ["python", "manage.py", *args],
            cwd=folder,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    manage("migrate", "--verbosity", "0")
    manage(
        "createsuperuser",
        "--noinput",
        "--username",
        username,
        "--email",
        f"{username}@example.com",
    )
    port = free_port()
    process = subprocess.Popen(
        [*SERVERS[server], f"127.0.0.1:{port}"],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}", folder
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_for_port(port, timeout=30):
    """Wait until a server listens on a port of 127.0.0.1."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline, f"nothing listens on port {port}"
            time.sleep(0.1)
