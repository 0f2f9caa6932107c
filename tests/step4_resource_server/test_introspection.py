"""
The resource server's token check, against a stand-in provider: first what
DOT 3.4.1's own validator does, then what step 4's does instead.
"""

import contextvars
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone
from introspection import breaker, counters, validator
from introspection.counters import counts
from introspection.middleware import unverified
from introspection.shared import cache as shared_cache
from introspection.validator import IntrospectionValidator
from oauth2_provider.models import get_access_token_model
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauthlib.common import Request

from tests.tokens import bearer

AccessToken = get_access_token_model()
pytestmark = pytest.mark.django_db


def active(username, scope="read login", expires_in=86_400):
    """The provider's answer for a good token of `username`."""
    return {
        "active": True,
        "username": username,
        "scope": scope,
        "exp": int(time.time()) + expires_in,
    }


def check(validator, token, scopes=("login",)):
    """The user that `validator` logs in with `token`, or None."""
    return contextvars.copy_context().run(checked, validator, token, scopes)[0]


def cannot_check(validator, token):
    """Whether `validator` found `token` unverifiable: the provider did not answer."""
    return contextvars.copy_context().run(checked, validator, token, ["login"])[1]


def checked(validator, token, scopes):
    """In a context of its own, as a request has: (user or None, unverified)."""
    request = Request("http://testserver/secret")
    valid = validator.validate_bearer_token(token, scopes, request)
    return (request.user if valid else None), unverified.get()


def shorter_lag(settings, seconds):
    settings.OAUTH2_PROVIDER = {
        **settings.OAUTH2_PROVIDER,
        "RESOURCE_SERVER_TOKEN_CACHING_SECONDS": seconds,
    }


@pytest.fixture
def passwordless(django_user_model):
    """A provider's user's account on the resource server: it has no password."""
    return lambda username: django_user_model.objects.create_user(username)


@pytest.fixture
def heard(resource_server, provider, passwordless):
    """
    With a lag of 1 s, and the settings given: alice, once the resource server
    has heard the provider's good answer about her token "t".
    """

    def hear(**settings):
        alice = passwordless("alice")
        shorter_lag(resource_server, 1)
        for name, value in settings.items():
            setattr(resource_server, name, value)
        provider.answers["t"] = active("alice")
        assert check(IntrospectionValidator(), "t") == alice
        return alice

    return hear


# DOT 3.4.1's own validator, configured for introspection as its docs say.


def test_stock_dot_believes_an_introspected_token_for_ten_hours(
    introspection, provider
):
    provider.answers["t"] = active("alice")

    check(OAuth2Validator(), "t")

    row = AccessToken.objects.get()
    kept = row.expires - timezone.now()
    assert timedelta(hours=9, minutes=59) < kept <= timedelta(hours=10)


def test_stock_dot_waits_as_long_as_the_provider_takes(introspection, provider):
    provider.delay = 1.5
    start = time.monotonic()

    check(OAuth2Validator(), "t")

    assert time.monotonic() - start >= 1.5


def test_stock_dot_asks_the_provider_again_at_every_request_with_a_bad_token(
    introspection, provider
):
    for _ in range(5):
        check(OAuth2Validator(), "unknown")

    assert provider.asked["unknown"] == 5


def test_stock_dot_creates_users_the_provider_names_and_lends_it_local_ones(
    introspection, provider, make_user
):
    local_admin = make_user("admin", is_staff=True, is_superuser=True)
    provider.answers = {"a": active("admin"), "n": active("newcomer")}

    assert check(OAuth2Validator(), "a") == local_admin
    assert check(OAuth2Validator(), "n").username == "newcomer"


# Step 4's validator.


def test_an_answer_is_believed_for_the_lag_only(
    resource_server, provider, passwordless
):
    alice = passwordless("alice")
    provider.answers["t"] = active("alice")
    resource_server.OAUTH2_PROVIDER = {
        **resource_server.OAUTH2_PROVIDER,
        "RESOURCE_SERVER_TOKEN_CACHING_SECONDS": 1,
    }

    assert check(IntrospectionValidator(), "t") == alice
    del provider.answers["t"]  # revoked at the provider
    assert check(IntrospectionValidator(), "t") == alice
    time.sleep(1.1)

    assert check(IntrospectionValidator(), "t") is None
    assert provider.asked["t"] == 2


def test_a_bad_token_is_asked_about_once_per_lag(resource_server, provider):
    for _ in range(100):
        assert check(IntrospectionValidator(), "unknown") is None

    assert provider.asked["unknown"] == 1


def test_a_token_without_the_scope_is_asked_about_once_per_lag(
    resource_server, provider, passwordless
):
    passwordless("alice")
    provider.answers["t"] = active("alice", scope="read")

    for _ in range(10):
        assert check(IntrospectionValidator(), "t") is None

    assert provider.asked["t"] == 1


def test_one_slow_answer_does_not_stop_the_next_token_being_asked(
    resource_server, provider, passwordless
):
    # What a busy provider does: one answer comes after the timeout.
    alice = passwordless("alice")
    provider.answers = {"t": active("alice"), "u": active("alice")}
    provider.delay = 1
    start = time.monotonic()
    assert cannot_check(IntrospectionValidator(), "t")
    assert 0.5 <= time.monotonic() - start < 1.5
    provider.delay = 0

    assert check(IntrospectionValidator(), "u") == alice


def test_the_breaker_opens_after_failures_in_a_row_and_lets_one_probe_through(
    resource_server, provider
):
    provider.status = 500
    for token in ("a", "b", "c"):  # TOKEN_INTROSPECTION_BREAKER_FAILURES
        assert cannot_check(IntrospectionValidator(), token)
    start = time.monotonic()
    for token in ("d", "e", "f", "g"):
        assert cannot_check(IntrospectionValidator(), token)
    assert time.monotonic() - start < 0.3  # open: nobody waits
    assert provider.asked.total() == 3
    time.sleep(0.6)  # TOKEN_INTROSPECTION_PROBE_SECONDS

    for token in ("h", "i", "j"):
        assert cannot_check(IntrospectionValidator(), token)

    assert provider.asked.total() == 4  # one probe, not three


def test_the_breaker_closes_as_soon_as_the_provider_answers(
    resource_server, provider, passwordless
):
    alice = passwordless("alice")
    provider.status = 500
    for token in ("a", "b", "c"):
        assert cannot_check(IntrospectionValidator(), token)
    provider.status = 200
    provider.answers = {"new": active("alice"), "newer": active("alice")}
    time.sleep(0.6)

    assert check(IntrospectionValidator(), "new") == alice  # the probe
    assert check(IntrospectionValidator(), "newer") == alice


def test_a_failure_counted_as_another_worker_closes_the_breaker_is_still_counted(
    resource_server, monkeypatch
):
    # This worker finds no count, another adds one first, and a third, whose
    # provider answered, deletes it (breaker.succeeded): count again, not 500.
    add, others = shared_cache.add, ["add", "delete"]

    def add_as_others_do(key, value, timeout):
        if others:
            shared_cache.backend.set(key, 1, timeout=None)
            others.pop(0)
        taken = add(key, value, timeout)
        if others:
            shared_cache.backend.delete(key)
            others.pop(0)
        return taken

    monkeypatch.setattr(shared_cache, "add", add_as_others_do)

    assert counters.add_to(breaker.FAILURES) == 1
    assert not others


def test_a_known_token_outlives_the_lag_while_the_provider_fails_a_revoked_one_not(
    resource_server, provider, passwordless
):
    alice = passwordless("alice")
    shorter_lag(resource_server, 1)
    provider.answers = {"t": active("alice"), "revoked": active("alice")}
    assert check(IntrospectionValidator(), "t") == alice
    assert check(IntrospectionValidator(), "revoked") == alice
    del provider.answers["revoked"]
    time.sleep(1.1)
    assert check(IntrospectionValidator(), "revoked") is None  # "not active"
    provider.status = 500  # the provider fails from now on
    time.sleep(1.1)

    assert check(IntrospectionValidator(), "t") == alice  # stale if error
    assert check(IntrospectionValidator(), "revoked") is None
    assert not cannot_check(IntrospectionValidator(), "revoked")


def test_while_the_provider_fails_a_known_token_is_asked_about_until_the_breaker_opens(
    resource_server, provider, heard, django_assert_num_queries
):
    alice = heard()
    provider.status = 500  # the provider fails from now on
    time.sleep(1.1)

    for _ in range(10):
        # As cheap as a fresh answer: one query, for the account.
        with django_assert_num_queries(1):
            assert check(IntrospectionValidator(), "t") == alice

    # Then one probe every PROBE_SECONDS, for all tokens.
    failures = resource_server.TOKEN_INTROSPECTION_BREAKER_FAILURES
    assert (counts()["stale"], provider.asked["t"]) == (10, 1 + failures)


def test_a_token_costs_the_resource_server_one_query_asked_about_or_not(
    resource_server, provider, passwordless, django_assert_num_queries
):
    alice = passwordless("alice")
    provider.answers["t"] = active("alice")

    with django_assert_num_queries(1):  # the account the answer names
        assert check(IntrospectionValidator(), "t") == alice
    with django_assert_num_queries(1):  # the account, from the cached answer
        assert check(IntrospectionValidator(), "t") == alice
    assert provider.asked["t"] == 1


def test_a_known_answer_outlives_the_lag_by_the_stale_window_only(provider, heard):
    alice = heard(TOKEN_INTROSPECTION_STALE_SECONDS=1)
    provider.status = 500
    time.sleep(1.1)
    assert check(IntrospectionValidator(), "t") == alice
    time.sleep(1)

    assert cannot_check(IntrospectionValidator(), "t")


def dot_checks_expiry_later(monkeypatch, seconds):
    """
    DOT checks a token's expiry a moment after the validator decided that its
    answer holds: a busy machine can pause the worker in between.
    """
    later = timezone.now() + timedelta(seconds=seconds)
    monkeypatch.setattr(timezone, "now", lambda: later)


def test_a_pause_past_the_lag_before_dots_check_refuses_no_good_token(
    provider, heard, monkeypatch
):
    alice = heard()
    dot_checks_expiry_later(monkeypatch, 1.5)

    assert check(IntrospectionValidator(), "t") == alice
    assert provider.asked["t"] == 1


def test_a_pause_past_the_stale_window_before_dots_check_refuses_no_good_token(
    provider, heard, monkeypatch
):
    # Decided within the stale window, the answer holds; past it, 503 (above).
    alice = heard(TOKEN_INTROSPECTION_STALE_SECONDS=1)
    provider.status = 500
    time.sleep(1.1)
    dot_checks_expiry_later(monkeypatch, 1.5)

    assert check(IntrospectionValidator(), "t") == alice


@pytest.mark.parametrize("exp", [253_402_300_800, 1e12, 2**63])
def test_an_exp_later_than_a_datetime_holds_is_served_not_a_500(
    resource_server, provider, passwordless, exp
):
    alice = passwordless("alice")
    provider.answers["t"] = {**active("alice"), "exp": exp}

    assert check(IntrospectionValidator(), "t") == alice


def test_a_token_expires_when_the_provider_says_it_does(
    resource_server, provider, passwordless
):
    passwordless("alice")
    provider.answers["t"] = {**active("alice"), "exp": 2_000_000_000}
    request = Request("http://testserver/secret")

    assert IntrospectionValidator().validate_bearer_token("t", ["login"], request)
    assert request.access_token.expires.timestamp() == 2_000_000_000


@pytest.mark.parametrize("status", [403, 500])
def test_a_provider_error_leaves_a_new_token_unverified_never_refused(
    resource_server, provider, caplog, status
):
    # 403: what the provider answers to a resource server it does not know.
    provider.status = status

    assert cannot_check(IntrospectionValidator(), "t")
    assert "Introspection failed" in caplog.text


def test_an_api_client_whose_token_cannot_be_checked_gets_503_and_retry_after(
    resource_pages, provider, client
):
    # First the provider says the token is not active: that is a refusal.
    refused = client.get("/api/echo", headers=bearer("revoked"))
    provider.status = 500

    answer = client.get("/api/echo", headers=bearer("t"))

    assert refused.status_code == 401
    assert answer.status_code == 503
    assert answer["Retry-After"] == "1"  # TOKEN_INTROSPECTION_PROBE_SECONDS, rounded up
    assert answer.json() == {"error": "temporarily_unavailable"}


def test_a_person_whose_token_cannot_be_checked_gets_a_try_again_page(
    resource_pages, provider, client
):
    provider.status = 500
    browser = {**bearer("t"), "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}

    answer = client.get("/secret", headers=browser)

    assert answer.status_code == 503
    assert answer["Retry-After"] == "1"
    assert "Try again in a moment" in answer.text
    assert "Location" not in answer


def test_a_token_is_checked_with_use_tz_off(resource_server, provider, passwordless):
    resource_server.USE_TZ = False
    alice = passwordless("alice")
    provider.answers["t"] = active("alice")

    assert check(IntrospectionValidator(), "t") == alice
    assert check(IntrospectionValidator(), "t") == alice  # from its row


def test_a_fractional_exp_ends_the_token_then(resource_server, provider, passwordless):
    # RFC 7519's NumericDate may have a fraction; the lag here is 30 s.
    alice = passwordless("alice")
    provider.answers["t"] = {**active("alice"), "exp": time.time() + 1.0}
    assert check(IntrospectionValidator(), "t") == alice
    time.sleep(1.1)

    assert check(IntrospectionValidator(), "t") is None


@pytest.mark.parametrize("answer", [["active", True], "active", 1, None])
def test_an_answer_that_is_json_but_not_an_object_is_a_failure_not_a_500(
    resource_server, provider, answer
):
    provider.answers["t"] = answer

    assert cannot_check(IntrospectionValidator(), "t")


def test_an_answer_without_a_username_logs_nobody_in(
    resource_server, provider, django_user_model
):
    # An account with a blank username, which no provider's user may take.
    blank = django_user_model(username="")
    blank.set_unusable_password()
    blank.save()
    provider.answers["t"] = {"active": True, "scope": "read login"}

    assert check(IntrospectionValidator(), "t") is None


def test_a_token_never_logs_in_staff_or_a_superuser_even_without_a_password(
    resource_server, provider, django_user_model
):
    # createsuperuser --noinput makes an account with no usable password.
    call_command(
        "createsuperuser", "--noinput", username="admin", email="a@example.com"
    )
    staff = django_user_model(username="staff", is_staff=True)
    staff.set_unusable_password()
    staff.save()
    provider.answers = {"a": active("admin"), "s": active("staff")}

    assert check(IntrospectionValidator(), "a") is None
    assert check(IntrospectionValidator(), "s") is None


def test_a_command_prints_the_counts_and_the_breakers_state(
    resource_pages, provider, passwordless
):
    passwordless("alice")
    provider.answers["t"] = active("alice")
    check(IntrospectionValidator(), "t")
    check(IntrospectionValidator(), "unknown")
    provider.status = 500
    for token in ("a", "b", "c"):
        cannot_check(IntrospectionValidator(), token)
    printed = StringIO()

    call_command("introspection", stdout=printed)

    lines = [line.strip() for line in printed.getvalue().splitlines()]
    assert "5  introspections" in lines
    assert "3  failures (no answer, an error, not JSON, not an object)" in lines
    assert "1  refused: the provider said not active" in lines
    assert "3  could not be checked: 503, try again" in lines
    assert "1  times the breaker opened" in lines
    assert lines[-3].startswith("breaker: open, for ")
    # The cache answered throughout: no answer needed a row.
    assert "good answers kept as AccessToken rows: 0" in lines


def test_no_copy_of_the_token_is_kept(resource_server, provider, passwordless):
    passwordless("alice")
    provider.answers["a-secret-token"] = active("alice")

    check(IntrospectionValidator(), "a-secret-token")

    # The cache's keys and values name its checksum only; and no row.
    assert "a-secret-token" not in repr(dict(caches["default"]._cache))
    assert not AccessToken.objects.exists()


def test_a_token_logs_in_only_a_local_account_without_a_password(
    resource_server, provider, passwordless, make_user, django_user_model
):
    make_user("admin", is_staff=True, is_superuser=True)
    bob = passwordless("bob")
    provider.answers = {
        "admin": active("admin"),
        "bob": active("bob"),
        "stranger": active("stranger"),
    }

    assert check(IntrospectionValidator(), "admin") is None
    assert check(IntrospectionValidator(), "bob") == bob
    assert check(IntrospectionValidator(), "stranger") is None
    assert not django_user_model.objects.filter(username="stranger").exists()


def test_a_worker_remembers_a_good_answer_without_the_shared_cache(
    resource_server, provider, passwordless, django_assert_num_queries
):
    alice = passwordless("alice")
    provider.answers["t"] = active("alice")
    assert check(IntrospectionValidator(), "t") == alice
    caches["default"].clear()  # what every worker shares is gone

    with django_assert_num_queries(1):  # the account
        assert check(IntrospectionValidator(), "t") == alice
    assert provider.asked["t"] == 1


def test_a_worker_remembers_a_good_answer_until_it_comes_due_at_most_so_many(
    resource_server, provider, passwordless, monkeypatch
):
    monkeypatch.setattr(validator, "REMEMBERED", 2)
    alice = passwordless("alice")
    shorter_lag(resource_server, 3)  # due for a refresh after 2 s
    provider.answers = {token: active("alice") for token in ("a", "b", "c")}
    for token in ("a", "b", "c"):
        assert check(IntrospectionValidator(), token) == alice
    caches["default"].clear()  # what every worker shares is gone

    for token in ("b", "c", "a"):
        assert check(IntrospectionValidator(), token) == alice
    # "a", the oldest, went when "c" came.
    assert provider.asked == {"a": 2, "b": 1, "c": 1}
    caches["default"].clear()
    time.sleep(2.1)
    assert check(IntrospectionValidator(), "c") == alice
    assert asked_in_the_background(provider, "c", 2)  # it came due


def test_with_the_cache_emptied_and_the_provider_down_a_worker_keeps_what_it_heard(
    resource_server, provider, passwordless
):
    # Redis restarted, empty, as the provider fails: the answers this worker
    # heard hold as Redis's would have, for the lag, then the stale window.
    alice = passwordless("alice")
    shorter_lag(resource_server, 2)  # due for a refresh after 1.33 s
    resource_server.TOKEN_INTROSPECTION_STALE_SECONDS = 1
    provider.answers["t"] = active("alice")
    assert check(IntrospectionValidator(), "t") == alice
    provider.status = 500
    time.sleep(1.5)  # due for a refresh, still fresh
    caches["default"].clear()
    assert check(IntrospectionValidator(), "t") == alice
    time.sleep(0.7)  # past the lag, in the stale window
    caches["default"].clear()
    assert check(IntrospectionValidator(), "t") == alice
    time.sleep(1)

    assert cannot_check(IntrospectionValidator(), "t")


def test_of_two_accounts_with_the_provider_users_name_neither_is_lent(
    resource_server, provider, passwordless, django_user_model, monkeypatch
):
    # As a USERNAME_FIELD left not unique would have it: the lookup finds two.
    passwordless("alice")
    provider.answers["t"] = active("alice")

    def two_found(**lookup):
        raise django_user_model.MultipleObjectsReturned

    monkeypatch.setattr(django_user_model._default_manager, "get", two_found)

    assert check(IntrospectionValidator(), "t") is None
    assert counts()["refused:no-account"] == 1


def test_a_known_token_waits_for_a_slow_provider_only_the_refresh_timeout(
    provider, heard
):
    alice = heard(TOKEN_INTROSPECTION_REFRESH_TIMEOUT=0.2)
    provider.delay = 2  # busy
    time.sleep(1.1)
    start = time.monotonic()

    assert check(IntrospectionValidator(), "t") == alice

    assert time.monotonic() - start < 0.45  # the timeout is 0.5 s


def asked_in_the_background(provider, token, times, limit=3):
    """Wait until the provider was asked `times` about `token`; whether it was."""
    deadline = time.monotonic() + limit
    while provider.asked[token] < times and time.monotonic() < deadline:
        time.sleep(0.02)
    return provider.asked[token] >= times


def test_a_token_in_steady_use_is_asked_about_again_before_its_lag_ends(
    resource_server, provider, passwordless
):
    alice = passwordless("alice")
    shorter_lag(resource_server, 3)
    resource_server.TOKEN_INTROSPECTION_TIMEOUT = 2
    provider.answers["t"] = active("alice")
    assert check(IntrospectionValidator(), "t") == alice
    answered = time.monotonic()
    time.sleep(2.1)  # past two thirds of the lag
    provider.delay = 0.6  # busy
    start = time.monotonic()

    assert check(IntrospectionValidator(), "t") == alice

    assert time.monotonic() - start < 0.3  # nobody waited for the provider
    assert asked_in_the_background(provider, "t", 2)
    time.sleep(answered + 3.2 - time.monotonic())  # past the first answer's lag
    provider.delay = 5  # no answer at all now
    start = time.monotonic()
    assert check(IntrospectionValidator(), "t") == alice
    assert time.monotonic() - start < 0.3
    # The answer is the new one, not the first kept because the provider failed.
    assert counts()["stale"] == 0


def test_a_token_revoked_in_its_last_third_is_refused_before_its_lag_ends(
    resource_server, provider, passwordless
):
    alice = passwordless("alice")
    shorter_lag(resource_server, 3)
    provider.answers["t"] = active("alice")
    assert check(IntrospectionValidator(), "t") == alice
    time.sleep(2.1)
    del provider.answers["t"]  # revoked at the provider

    assert check(IntrospectionValidator(), "t") == alice  # not asked yet
    assert asked_in_the_background(provider, "t", 2)
    assert check(IntrospectionValidator(), "t") is None


def test_a_worker_asks_ahead_about_four_tokens_at_once_at_most(
    resource_server, provider, passwordless
):
    shorter_lag(resource_server, 3)
    resource_server.TOKEN_INTROSPECTION_TIMEOUT = 2
    tokens = [f"t{n}" for n in range(10)]
    for token in tokens:
        passwordless(f"user-{token}")
        provider.answers[token] = active(f"user-{token}")
        assert check(IntrospectionValidator(), token) is not None
    time.sleep(2.1)  # every answer in the last third of its lag
    provider.delay = 1  # slow

    for token in tokens:
        assert check(IntrospectionValidator(), token) is not None

    assert asked_in_the_background(provider, "t3", 2, limit=0.5)
    time.sleep(0.2)
    assert sum(provider.asked.values()) == len(tokens) + 4
