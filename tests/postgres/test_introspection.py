"""
Step 4 over real sockets, both servers live under gunicorn on PostgreSQL: the
provider issues the tokens, the resource server checks them by introspection.
"""

import time
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.postgres.limits import BREAKER_FAILURES, LAG, PROBE, TIMEOUT
from tests.tokens import bearer

# Time for the servers themselves on a busy machine, on top of a bound.
SLACK = 1.5


def get(sites, path, token):
    return requests.get(
        sites.resource.url + path,
        headers=bearer(token),
        allow_redirects=False,
        timeout=30,
    )


def timed_get(sites, path, token):
    start = time.monotonic()
    response = get(sites, path, token)
    return response, time.monotonic() - start


def seconds_until(sites, token, status):
    """Poll the login_required page with `token` until it answers `status`."""
    start = time.monotonic()
    while (answer := get(sites, "/secret", token).status_code) != status:
        assert answer in (200, 302, 503), answer
        assert time.monotonic() - start < LAG + SLACK, f"still {answer}"
        time.sleep(0.1)
    return time.monotonic() - start


def test_a_token_from_the_provider_opens_the_resource_servers_page(sites, make_users):
    [(username, token)] = make_users().items()

    page = get(sites, "/secret", token)
    api = get(sites, "/api/echo", token)

    assert (page.status_code, page.text) == (200, "Secret contents!\n")
    assert api.json() == {"user": username}


def test_without_a_good_token_the_page_redirects_and_the_api_says_401(sites):
    page = get(sites, "/secret", "not-a-token-of-the-provider")
    api = get(sites, "/api/echo", "not-a-token-of-the-provider")

    assert page.status_code == 302
    assert page.headers["Location"] == "/accounts/login/?next=/secret"
    assert api.status_code == 401
    assert api.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_a_token_revoked_at_the_provider_stops_working_within_the_lag(
    sites, make_users
):
    [token] = make_users().values()
    assert get(sites, "/secret", token).status_code == 200
    sites.provider.python(
        "from oauth2_provider.models import AccessToken\n"
        f"AccessToken.objects.get(token={token!r}).revoke()\n"
    )

    lag = seconds_until(sites, token, 302)

    print(f"revoked at the provider: refused {lag:.1f} s later (lag {LAG} s)")
    assert lag <= LAG + SLACK


def test_a_token_of_a_user_deactivated_at_the_provider_stops_working_within_the_lag(
    sites, make_users
):
    [(username, token)] = make_users().items()
    assert get(sites, "/secret", token).status_code == 200
    sites.provider.python(
        "from django.contrib.auth import get_user_model\n"
        f"get_user_model().objects.filter(username={username!r})"
        ".update(is_active=False)\n"
    )

    lag = seconds_until(sites, token, 302)

    print(f"deactivated at the provider: refused {lag:.1f} s later (lag {LAG} s)")
    assert lag <= LAG + SLACK


def test_while_the_provider_is_stopped_known_tokens_work_and_new_ones_get_503(
    sites, make_users
):
    known, new, newer = make_users(3).values()
    assert get(sites, "/secret", known).status_code == 200
    sites.provider.stop()
    try:
        time.sleep(LAG + 0.5)  # past the lag of what the server knows
        still_known = get(sites, "/secret", known)
        page, page_time = timed_get(sites, "/secret", new)
        api, api_time = timed_get(sites, "/api/echo", newer)
    finally:
        sites.provider.start()

    # What the resource server learnt before the outage holds: stale if error.
    assert still_known.status_code == 200
    # A token it cannot check: try again, at once; never a refusal.
    assert (page.status_code, api.status_code) == (503, 503)
    assert page.headers["Retry-After"] == api.headers["Retry-After"] == str(PROBE)
    assert max(page_time, api_time) < TIMEOUT + SLACK
    # Back: once the provider answers, the next probe finds it.
    answering(sites.provider)
    assert seconds_until(sites, new, 200) <= PROBE + SLACK


def answering(site):
    """Wait until a freshly started server answers, as a person would see it."""
    while requests.get(f"{site.url}/accounts/login/", timeout=30).status_code != 200:
        time.sleep(0.1)


def test_a_hung_provider_makes_requests_wait_a_bounded_time_then_answer_at_once(
    sites, make_users
):
    tokens = list(make_users(6).values())
    sites.provider.pause()
    try:
        timed = [timed_get(sites, "/api/echo", token) for token in tokens[:5]]
    finally:
        sites.provider.resume()

    assert [answer.status_code for answer, _ in timed] == [503] * 5
    # No request waits more than the timeout, to connect and to read.
    assert max(seconds for _, seconds in timed) < 2 * TIMEOUT + SLACK
    # After BREAKER_FAILURES failures in a row, the breaker is open: no waiting.
    assert max(seconds for _, seconds in timed[BREAKER_FAILURES:]) < SLACK
    # Back: recovered within one probe interval.
    assert seconds_until(sites, tokens[5], 200) <= PROBE + SLACK


def test_a_thousand_requests_with_one_unknown_token_make_one_introspection(sites):
    before = sites.provider.requests_to("/o/introspect/")
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(
            pool.map(
                lambda _: get(sites, "/api/echo", "an-unknown-token").status_code,
                range(1000),
            )
        )
    elapsed = time.monotonic() - start
    asked = sites.provider.requests_to("/o/introspect/") - before

    print(f"1000 requests in {elapsed:.1f} s: {asked} introspection(s)")
    assert answers == [401] * 1000
    # At most one per lag period, however many requests carry the token.
    assert 1 <= asked <= 1 + int(elapsed // LAG)


def test_a_provider_user_named_like_a_local_account_gets_nothing(sites, make_users):
    [(username, token)] = make_users().items()
    # The resource server's own account of that name logs in with a password.
    sites.resource.python(
        "from django.contrib.auth import get_user_model\n"
        f"user = get_user_model().objects.get(username={username!r})\n"
        "user.set_password('a password of this server')\n"
        "user.is_staff = True\n"
        "user.save()\n"
    )

    assert get(sites, "/secret", token).status_code == 302


def test_a_provider_user_unknown_here_gets_no_account(sites):
    provider_only = sites.provider.python(
        "from django.contrib.auth import get_user_model\n"
        "from tests.tokens import create_access_token\n"
        "user = get_user_model().objects.create_user('only-at-the-provider')\n"
        "print(create_access_token(user).token)\n"
    ).strip()
    users = "from django.contrib.auth import get_user_model\n"
    users += "print(get_user_model().objects.count())\n"
    before = sites.resource.python(users)

    assert get(sites, "/secret", provider_only).status_code == 302
    assert sites.resource.python(users) == before
