"""
Step 4 when the provider is busy, hung, or held up by an attacker, over real
sockets: both servers under gunicorn with two workers each, on PostgreSQL and
Redis, run as production runs them.
"""

import time

import pytest
import requests

from scripts.topology import RESOURCE_SETTINGS
from scripts.trouble import SteadyUsers, held_requests, login_burst, seconds_until
from tests.postgres.limits import LAG, PROBE
from tests.tokens import bearer

# Time for the servers themselves on a busy machine, on top of a bound.
SLACK = 1.5


def test_a_busy_provider_makes_no_valid_token_refused(sites, served_users):
    url, tokens, _ = served_users

    with SteadyUsers(url, tokens) as users:
        time.sleep(1)
        burst = login_burst(sites.provider.url, 12)
        time.sleep(0.5)
        sites.provider.pause()  # a restart: 3 s with no answer
        time.sleep(3)
        sites.provider.resume()
        # On past the lag, so that every token's answer is asked for again.
        time.sleep(LAG + 1)
    for login in burst:
        login.result()

    print(f"busy provider, 20 users: {users.summary()}; longest {users.longest:.1f} s")
    assert users.statuses[200] > 20
    assert (users.refused, users.server_errors, users.statuses[0]) == (0, 0, 0)


def test_an_attacker_holding_half_sent_requests_at_the_provider_troubles_no_user(
    sites, served_users
):
    url, tokens, newcomer = served_users

    # As many as the provider has workers, and more: each holds one.
    with held_requests(sites.provider.port, 4), SteadyUsers(url, tokens) as users:
        time.sleep(LAG + 2)

    print(f"attacked provider, 20 users: {users.summary()}")
    assert (users.refused, users.server_errors, users.statuses[0]) == (0, 0, 0)
    # Let go, the provider answers again within a probe interval.
    assert seconds_until(url, newcomer, 200, limit=PROBE + SLACK) is not None


@pytest.fixture
def step_settings_server(sites):
    """A resource server with step 4's own settings: the lag of 30 s."""
    server = sites.resource_server(RESOURCE_SETTINGS, name="default-lag")
    server.start(workers=2)
    yield server
    server.stop()


def test_with_the_default_lag_a_revoked_token_stops_at_most_30_s_later(
    sites, make_users, step_settings_server
):
    [token] = make_users().values()
    url = f"{step_settings_server.url}/api/echo"
    assert requests.get(url, headers=bearer(token), timeout=30).status_code == 200
    sites.provider.python(
        "from oauth2_provider.models import AccessToken\n"
        f"AccessToken.objects.get(token={token!r}).revoke()\n"
    )

    lag = seconds_until(url, token, 401, limit=30 + SLACK, every=0.5)

    assert lag is not None, "still accepted 31.5 s after the revocation"
    print(f"revoked: refused {lag:.1f} s after the revocation, lag setting 30 s")


def test_a_slashless_post_to_the_provider_is_no_server_error(sites):
    answer = requests.post(
        f"{sites.provider.url}/o/token",
        data={"grant_type": "client_credentials"},
        allow_redirects=False,
        timeout=30,
    )

    assert answer.status_code == 301
    assert answer.headers["Location"] == "/o/token/"


@pytest.mark.parametrize("role", ["provider", "resource"])
def test_both_servers_run_as_production_does(sites, role):
    site = getattr(sites, role)
    printed = site.python(
        "from django.conf import settings\n"
        "print(settings.DEBUG, settings.ALLOWED_HOSTS)\n"
    )
    missing = requests.get(f"{site.url}/no-such-page", timeout=30)

    assert printed.strip() == "False ['127.0.0.1']"
    assert missing.status_code == 404
    assert "Using the URLconf" not in missing.text  # no debug page


def test_the_topology_removes_expired_access_token_rows(sites, make_users):
    [token] = make_users().values()
    url = f"{sites.resource.url}/api/echo"
    rows = (
        "import hashlib\n"
        "from oauth2_provider.models import AccessToken\n"
        f"checksum = hashlib.sha256({token!r}.encode()).hexdigest()\n"
        "print(AccessToken.objects.filter(token_checksum=checksum).count())\n"
    )
    # A row is made only while Redis is out of reach.
    sites.redis.stop()
    try:
        assert requests.get(url, headers=bearer(token), timeout=30).status_code == 200
    finally:
        sites.redis.start()
    assert sites.resource.python(rows).strip() == "1"
    time.sleep(LAG + 0.5)

    sites.clean()

    assert sites.resource.python(rows).strip() == "0"


def test_the_resource_server_counts_in_redis_and_prints_the_counts(sites, make_users):
    [token] = make_users().values()
    url = f"{sites.resource.url}/api/echo"
    assert requests.get(url, headers=bearer(token), timeout=30).status_code == 200

    printed = sites.resource.manage("introspection")

    assert (
        sites.resource.python(
            "from django.conf import settings\n"
            "print(settings.CACHES['default']['BACKEND'])\n"
        ).strip()
        == "introspection.rediscache.RedisCache"
    )
    lines = [line.strip() for line in printed.splitlines()]
    assert any(line.endswith("  introspections") for line in lines)
    keys = next(line for line in lines if line.startswith("cache: "))
    assert int(keys.split()[1]) > 0
