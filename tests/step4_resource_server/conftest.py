"""
Step 4's tests in one process on SQLite: the resource server's validator, with
a stand-in for the provider's introspection endpoint on 127.0.0.1.
`make test-postgres` runs the two real servers against each other.
"""

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

INTROSPECTION_TOKEN = "the-resource-servers-own-token"


class StubProvider(ThreadingHTTPServer):
    """Answers introspection requests as a test says; counts them per token."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), IntrospectionHandler)
        self.answers = {}  # token -> the JSON answer; others are not active
        self.status = 200
        self.delay = 0
        self.asked = Counter()
        self.url = f"http://127.0.0.1:{self.server_port}/o/introspect/"

    def handle_error(self, request, client_address):
        """A client that stopped waiting closed the connection: no traceback."""


class IntrospectionHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        provider = self.server
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        token = parse_qs(body)["token"][0]
        assert self.headers["Authorization"] == f"Bearer {INTROSPECTION_TOKEN}"
        provider.asked[token] += 1
        time.sleep(provider.delay)
        answer = json.dumps(provider.answers.get(token, {"active": False})).encode()
        self.send_response(provider.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def provider():
    server = StubProvider()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def introspection(settings, provider):
    """This process as a resource server of `provider`, as DOT's docs configure one."""
    settings.OAUTH2_PROVIDER = {
        **settings.OAUTH2_PROVIDER,
        "RESOURCE_SERVER_INTROSPECTION_URL": provider.url,
        "RESOURCE_SERVER_AUTH_TOKEN": INTROSPECTION_TOKEN,
    }
    return settings


@pytest.fixture
def resource_server(introspection):
    """And as step 4 configures one: a lag, a timeout, a breaker, a cache."""
    introspection.OAUTH2_PROVIDER = {
        **introspection.OAUTH2_PROVIDER,
        "RESOURCE_SERVER_TOKEN_CACHING_SECONDS": 30,
    }
    introspection.TOKEN_INTROSPECTION_TIMEOUT = 0.5
    introspection.TOKEN_INTROSPECTION_STALE_SECONDS = 300
    introspection.TOKEN_INTROSPECTION_BREAKER_FAILURES = 3
    introspection.TOKEN_INTROSPECTION_PROBE_SECONDS = 0.5
    introspection.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "introspection",
        }
    }
    from django.core.cache import cache
    from introspection.validator import memory

    cache.clear()  # memory caches of one name outlive the settings
    memory.clear()  # and so does what a worker remembers
    yield introspection
    cache.clear()
    memory.clear()


@pytest.fixture
def resource_pages(resource_server, monkeypatch):
    """The resource server's URLs, apps, middleware and validator, for the client."""
    from oauth2_provider.settings import oauth2_settings

    from mysite import resource_server as project

    resource_server.INSTALLED_APPS = project.INSTALLED_APPS
    resource_server.MIDDLEWARE = project.MIDDLEWARE
    resource_server.ROOT_URLCONF = project.ROOT_URLCONF
    resource_server.OAUTH2_PROVIDER = {
        **resource_server.OAUTH2_PROVIDER,
        "OAUTH2_VALIDATOR_CLASS": "introspection.validator.IntrospectionValidator",
    }
    # tokenauth's backend builds DOT's validator once, with the settings of then.
    monkeypatch.setattr(
        "tokenauth.backends.validator", oauth2_settings.OAUTH2_VALIDATOR_CLASS()
    )
    return resource_server
