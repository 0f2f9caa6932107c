"""
The resource server's token check, against a stand-in provider: first what
DOT 3.4.1's own validator does, then what step 4's does instead.
"""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from oauth2_provider.models import get_access_token_model
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauthlib.common import Request

from tokenauth.introspection import IntrospectionValidator

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
    request = Request("http://testserver/secret")
    valid = validator.validate_bearer_token(token, scopes, request)
    return request.user if valid else None


@pytest.fixture
def passwordless(django_user_model):
    """A provider's user's account on the resource server: it has no password."""
    return lambda username: django_user_model.objects.create_user(username)


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


def test_a_slow_provider_costs_one_timeout_then_nothing_for_the_lag(
    resource_server, provider, passwordless
):
    passwordless("alice")
    provider.answers = {"t": active("alice"), "u": active("alice")}
    provider.delay = 2
    start = time.monotonic()

    assert check(IntrospectionValidator(), "t") is None
    first = time.monotonic() - start
    assert check(IntrospectionValidator(), "u") is None

    assert 0.5 <= first < 1.5
    assert time.monotonic() - start < 1.5
    assert provider.asked == {"t": 1}


@pytest.mark.parametrize("status", [403, 500])
def test_a_provider_error_is_a_refusal_never_an_exception(
    resource_server, provider, caplog, status
):
    # 403: what the provider answers once the resource server's token expired.
    provider.status = status

    assert check(IntrospectionValidator(), "t") is None
    assert "Introspection failed; asking nothing for 30s" in caplog.text


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


def test_no_copy_of_the_token_is_kept(resource_server, provider, passwordless):
    passwordless("alice")
    provider.answers["a-secret-token"] = active("alice")

    check(IntrospectionValidator(), "a-secret-token")

    assert AccessToken.objects.get().token == ""
