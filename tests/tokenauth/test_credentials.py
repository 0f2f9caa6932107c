"""
A password change ends a user's token logins, as Django ends their
other sessions; saving a user for any other reason does not.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.contrib.auth.models import User
from django.db import connection, models
from oauth2_provider.models import get_access_token_model, get_refresh_token_model

from tests.tokens import PASSWORD, bearer
from tokenauth.signals import revoke_user_tokens

pytestmark = pytest.mark.urls("tests.urls")

AccessToken = get_access_token_model()
RefreshToken = get_refresh_token_model()


@pytest.fixture
def token(bob, make_token, application):
    access_token = make_token(bob, application=application)
    RefreshToken.objects.create(
        user=bob, application=application, token="refresh-me", access_token=access_token
    )
    return access_token.token


def opens(client, token):
    response = client.get("/whoami/login-required", headers=bearer(token))
    return response.status_code == 200


def test_a_password_change_at_the_password_change_page_ends_token_logins(
    client, bob, token
):
    assert opens(client, token)
    client.force_login(bob)

    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "another horse battery staple",
            "new_password2": "another horse battery staple",
        },
    )
    client.logout()

    assert response.status_code == 302
    assert not opens(client, token)
    assert not RefreshToken.objects.filter(user=bob, revoked=None).exists()


def test_set_password_and_save_ends_token_logins(client, bob, token):
    bob.set_password("another horse battery staple")
    bob.save()

    assert not opens(client, token)


def test_saving_a_user_for_another_reason_keeps_their_tokens(client, bob, token):
    bob.email = "bob@example.com"
    bob.save()
    bob.refresh_from_db()
    bob.save(update_fields=["last_login"])  # as every password login does

    assert opens(client, token)


def test_a_new_user_has_no_tokens_to_revoke(db):
    get_user_model().objects.create_user("dave", password=PASSWORD)


def test_revoke_user_tokens_revokes_access_and_refresh_tokens(
    client, bob, alice, token, make_token
):
    alices = make_token(alice).token

    revoke_user_tokens(bob)

    assert not opens(client, token)
    assert not RefreshToken.objects.filter(user=bob, revoked=None).exists()
    assert opens(client, alices)


class StaffMember(User):
    """A proxy of the user model, as projects make for their own admin pages."""

    class Meta:
        proxy = True
        app_label = "tokenauth_tests"


class Customer(User):
    """A child of the user model, with a table of its own (multi-table inheritance)."""

    loyalty = models.IntegerField(default=0)

    class Meta:
        app_label = "tokenauth_tests"


def test_a_password_change_through_a_proxy_of_the_user_model_ends_token_logins(
    client, bob, token
):
    member = StaffMember.objects.get(pk=bob.pk)
    # An unusable password too is a new password: nobody logs in with it.
    member.set_unusable_password()
    member.save()

    assert not opens(client, token)


@pytest.fixture
def customer_table(transactional_db):
    with connection.schema_editor() as editor:
        editor.create_model(Customer)
    yield
    with connection.schema_editor() as editor:
        editor.delete_model(Customer)


def test_a_password_change_through_a_child_of_the_user_model_ends_token_logins(
    client, customer_table, make_token
):
    customer = Customer(username="erin")
    customer.set_password(PASSWORD)
    customer.save()
    token = make_token(customer).token
    assert opens(client, token)

    customer.set_password("another horse battery staple")
    customer.save()

    assert not opens(client, token)


class FastPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Django's default hasher, with the few iterations a test can afford."""

    iterations = 2


def test_djangos_hash_upgrade_at_login_keeps_token_logins(client, bob, token, settings):
    # Django re-hashes a password at login when the hasher or its iterations
    # changed since it was stored: the same password, a new hash.
    settings.PASSWORD_HASHERS = [
        "tests.tokenauth.test_credentials.FastPBKDF2PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]

    assert client.login(username="bob", password=PASSWORD)
    client.logout()

    bob.refresh_from_db()
    assert bob.password.startswith("pbkdf2_sha256$2$")
    assert opens(client, token)


@pytest.mark.parametrize(
    "change",
    [
        # As the admin's "Disable password-based authentication" does.
        lambda user: user.set_unusable_password(),
        lambda user: setattr(user, "password", make_password("a new password")),
    ],
    ids=["set_unusable_password()", "a hash assigned by hand"],
)
def test_a_password_change_over_an_outdated_hash_ends_token_logins(
    client, bob, token, settings, change
):
    # bob's hash was made before the hasher changed: a login would upgrade
    # it, but these saves are no login's upgrade.
    settings.PASSWORD_HASHERS = [
        "tests.tokenauth.test_credentials.FastPBKDF2PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]

    change(bob)
    bob.save()

    assert not opens(client, token)
