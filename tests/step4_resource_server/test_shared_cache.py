"""
The resource server when its shared cache, Redis, is stopped or hung: Django's
RedisCache as step 4's settings configure it, pointed at a port where nothing
listens, or at one that accepts connections and never answers.
"""

import logging
import socket
import time
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.module_loading import import_string
from introspection.shared import cache as shared_cache
from introspection.validator import memory
from oauth2_provider.models import get_access_token_model

from tests.step4_resource_server.test_introspection import active, shorter_lag
from tests.step4_resource_server.test_project import resource_server_settings
from tests.tokens import bearer

AccessToken = get_access_token_model()
pytestmark = pytest.mark.django_db


def project_caches(monkeypatch, url):
    """CACHES as step 4's resource_server.py makes them when REDIS_URL is `url`."""
    monkeypatch.setenv("REDIS_URL", url)
    return resource_server_settings().CACHES


@pytest.fixture
def redis_at(resource_pages, monkeypatch):
    """Point the resource server's cache at `url`, with a worker that never failed."""
    before = resource_pages.CACHES
    monkeypatch.setattr(shared_cache, "failing", None)
    monkeypatch.setattr(shared_cache, "retry_at", 0.0)

    def point(url):
        resource_pages.CACHES = project_caches(monkeypatch, url)

    yield point
    resource_pages.CACHES = before


@pytest.fixture
def stopped_redis(redis_at):
    """Nothing listens at its port: every connection is refused."""
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    redis_at(f"redis://127.0.0.1:{port}/0")


@pytest.fixture
def hung_redis(redis_at):
    """It accepts connections (the kernel does) and never answers, as under SIGSTOP."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        redis_at(f"redis://127.0.0.1:{server.getsockname()[1]}/0")
        yield


def test_with_redis_stopped_every_token_gets_its_right_answer(
    resource_pages, provider, client, django_user_model, stopped_redis, caplog
):
    django_user_model.objects.create_user("alice")
    provider.answers = {"known": active("alice"), "new": active("alice")}
    caplog.set_level(logging.WARNING, logger="introspection.shared")

    asked = client.get("/api/echo", headers=bearer("known"))
    revoked = [client.get("/api/echo", headers=bearer("revoked")) for _ in range(2)]
    provider.status = 500  # the provider fails too
    time.sleep(0.6)  # past PROBE_SECONDS: the worker tries Redis again
    from_its_row = client.get("/api/echo", headers=bearer("known"))
    unknown = client.get("/api/echo", headers=bearer("new"))
    still_revoked = client.get("/api/echo", headers=bearer("revoked"))

    assert asked.status_code == 200  # the provider, asked directly
    assert [answer.status_code for answer in revoked] == [401, 401]
    assert from_its_row.status_code == 200  # its AccessToken row, for the lag
    assert AccessToken.objects.get().token == ""  # which holds no copy of it
    assert unknown.status_code == 503
    assert unknown["Retry-After"] == "1"
    # Not known to be revoked any more, but never let in.
    assert still_revoked.status_code == 503
    # One line for the kind of failure, however many requests met it.
    logged = [r.getMessage() for r in caplog.records if "Cache" in r.getMessage()]
    assert len(logged) == 1
    assert logged[0].startswith("Cache unreachable (ConnectionError)")


@pytest.fixture
def heard_of(resource_pages, provider, client, django_user_model, stopped_redis):
    """With Redis stopped and a lag of 1 s: a token of alice's that a request met."""

    def meet(token):
        django_user_model.objects.create_user("alice")
        shorter_lag(resource_pages, 1)
        provider.answers = {token: active("alice")}
        assert client.get("/api/echo", headers=bearer(token)).status_code == 200
        return token

    return meet


def test_with_redis_and_the_provider_down_a_token_heard_of_holds_the_stale_window(
    provider, client, heard_of
):
    known = heard_of("known")
    provider.status = 500  # the provider fails too

    time.sleep(1.1)  # past the lag, and the row's time with it
    past_the_lag = client.get("/api/echo", headers=bearer(known))

    # What this worker heard last: Redis cannot say, the provider cannot either.
    assert past_the_lag.status_code == 200


def test_with_redis_and_the_provider_down_a_revoked_token_stays_refused(
    provider, client, heard_of
):
    revoked = heard_of("revoked")
    del provider.answers[revoked]
    time.sleep(1.1)
    assert client.get("/api/echo", headers=bearer(revoked)).status_code == 401
    provider.status = 500  # the provider fails too

    afterwards = client.get("/api/echo", headers=bearer(revoked))

    # Not known to be revoked any more, as with Redis stopped: never let in.
    assert afterwards.status_code == 503


def test_with_redis_stopped_a_row_lends_no_account_made_staff_since(
    resource_pages, provider, client, django_user_model, stopped_redis
):
    alice = django_user_model.objects.create_user("alice")
    provider.answers = {"t": active("alice")}
    assert client.get("/api/echo", headers=bearer("t")).status_code == 200
    memory.clear()  # another worker, which finds the token's row
    alice.is_staff = True
    alice.save()

    assert client.get("/api/echo", headers=bearer("t")).status_code == 401


def test_a_token_that_a_second_check_cannot_verify_gets_503_not_401(
    resource_pages, provider, client, django_user_model, stopped_redis, monkeypatch
):
    # With Redis stopped, another worker finds the token's row; the provider
    # then fails. This worker is paused between DOT's two checks of the row,
    # past the row's time: token_required checks again, and cannot verify it.
    django_user_model.objects.create_user("alice")
    provider.answers = {"t": active("alice")}
    assert client.get("/api/echo", headers=bearer("t")).status_code == 200
    memory.clear()
    provider.status = 500
    is_valid = AccessToken.is_valid

    def paused_after_the_first_check(row, scopes=None):
        valid = is_valid(row, scopes)
        later = timezone.now() + timedelta(seconds=30)
        monkeypatch.setattr(timezone, "now", lambda: later)
        return valid

    monkeypatch.setattr(AccessToken, "is_valid", paused_after_the_first_check)

    answer = client.get("/api/echo", headers=bearer("t"))

    assert answer.status_code == 503
    assert answer["Retry-After"] == "1"


def test_with_redis_hung_a_request_waits_for_it_half_a_second_at_most(
    resource_pages, provider, client, django_user_model, hung_redis
):
    django_user_model.objects.create_user("alice")
    provider.answers = {f"t{n}": active("alice") for n in range(5)}
    waits, statuses = [], []

    for n in range(5):
        start = time.monotonic()
        statuses.append(client.get("/api/echo", headers=bearer(f"t{n}")).status_code)
        waits.append(time.monotonic() - start)

    assert statuses == [200] * 5
    # The socket timeout (0.5 s) once; then the worker leaves Redis alone.
    assert waits[0] < 1
    assert sum(waits[1:]) < 0.5


def test_the_command_says_the_cache_cannot_be_reached(resource_pages, stopped_redis):
    with pytest.raises(CommandError, match="The cache cannot be reached"):
        call_command("introspection")


def test_the_projects_redis_cache_makes_one_client_for_every_call(monkeypatch):
    # Django's RedisCache makes one at every call; no Redis is needed to see it.
    config = project_caches(monkeypatch, "redis://127.0.0.1:9/0")["default"]
    backend = import_string(config["BACKEND"])(config["LOCATION"], config)

    client = backend._cache.get_client(write=True)

    assert backend._cache.get_client("a key") is client
