"""
The two rules that hold whatever the shape of a view (tests/urls_shapes.py):
a token login carries no staff or superuser rights, and it changes no
provider record. Each page is first opened with alice's session, to show
that it is a real staff page or a working route to DOT; then her token, a
superuser's token with `login`, must not get what the session got.
"""

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.models import Permission
from django.db import transaction
from oauth2_provider.models import (
    get_access_token_model,
    get_application_model,
    get_grant_model,
)

from tests.step1_provider.test_flows import pkce_pair
from tests.tokens import REDIRECT_URI, bearer

pytestmark = pytest.mark.urls("tests.urls_shapes")

AccessToken = get_access_token_model()
Application = get_application_model()
Grant = get_grant_model()

STAFF_PAGES = {
    "admindocs": "/admin/doc/models/",
    "method_decorator(staff_member_required)": "/staff/class-based",
    "user_passes_test(is_staff)": "/staff/is-staff",
    "user_passes_test(is_superuser)": "/staff/is-superuser",
    "permission_required, for a superuser": "/staff/add-user-permission",
    "a view that calls admin_view() at request time": "/staff/calls-admin-view",
}
ADMIN_INDEX_CALLERS = {
    "a function": "/staff/calls-admin-index",
    "a class-based view": "/staff/class-calls-admin-index",
}


@pytest.fixture
def token(alice, make_token):
    return make_token(alice, scope="read write login")


@pytest.fixture
def admindocs(settings):
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "django.contrib.admindocs"]


@pytest.mark.parametrize("path", STAFF_PAGES.values(), ids=STAFF_PAGES.keys())
def test_no_staff_page_opens_with_a_token_whatever_its_shape(
    client, alice, token, admindocs, path
):
    # The token logs alice in, on an ordinary page; not on a staff page.
    ordinary = client.get("/whoami/login-required", headers=bearer(token.token))
    assert ordinary.json()["user"] == "alice"
    assert client.get(path, headers=bearer(token.token)).status_code == 302

    client.force_login(alice)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "path", ADMIN_INDEX_CALLERS.values(), ids=ADMIN_INDEX_CALLERS.keys()
)
def test_an_admin_page_called_by_a_project_view_shows_a_token_nothing(
    client, alice, token, path
):
    with_token = client.get(path, headers=bearer(token.token))
    client.force_login(alice)
    with_session = client.get(path)

    assert b"/admin/auth/user/" in with_session.content
    assert b"/admin/auth/user/" not in with_token.content


def test_a_token_keeps_the_users_own_permissions(client, bob, make_token, token):
    bob.user_permissions.add(Permission.objects.get(codename="add_user"))
    bobs = make_token(bob, scope="login")
    path = "/staff/add-user-permission"

    response = client.get(path, headers=bearer(bobs.token))

    assert response.status_code == 200
    assert response.json()["user"] == "bob"
    # alice, a superuser, has every permission, but not through a token.
    assert client.get(path, headers=bearer(token.token)).status_code == 302


def test_a_view_that_saves_a_token_users_changes_keeps_their_rights(
    client, alice, token
):
    response = client.post(
        "/profile", {"first_name": "Alice"}, headers=bearer(token.token)
    )

    assert response.json() == {"first_name": "Alice", "is_staff": False}
    alice.refresh_from_db()
    assert alice.first_name == "Alice"
    assert alice.is_staff
    assert alice.is_superuser


def test_a_token_login_cannot_become_a_session_login(client, alice, token):
    # login() keeps only the user's id in the session: the session's next
    # request would load alice from the database, a superuser again.
    response = client.get("/continue-in-browser", headers=bearer(token.token))

    assert response.status_code == 403
    assert client.get("/admin/").status_code == 302

    client.force_login(alice)
    assert client.get("/continue-in-browser").json() == {"user": "alice"}


# DOT's views, reached through a project's own function.


def consent(client, application, headers=None):
    """Approve the wrapped consent page for `application`: the POST's answer."""
    _verifier, challenge = pkce_pair()
    return client.post(
        "/wrapped/authorize/",
        {
            "client_id": application.client_id,
            "redirect_uri": REDIRECT_URI,
            "response_type": "code",
            "state": "some-state",
            "scope": "read write login",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
            "allow": "Authorize",
        },
        headers=headers,
    )


def test_a_token_cannot_approve_a_client_through_a_wrapped_consent_page(
    client, alice, token, application
):
    response = consent(client, application, headers=bearer(token.token))

    assert response.status_code == 403
    assert not Grant.objects.exists()

    client.force_login(alice)
    assert "code=" in consent(client, application)["Location"]


def registration(name):
    return {
        "name": name,
        "client_id": f"{name.replace(' ', '-')}-client",
        "client_type": Application.CLIENT_CONFIDENTIAL,
        "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
        "redirect_uris": REDIRECT_URI,
        "algorithm": "",
    }


def test_a_token_cannot_register_an_application_through_a_wrapper(client, alice, token):
    response = client.post(
        "/wrapped/register/", registration("by token"), headers=bearer(token.token)
    )

    assert response.status_code == 403
    assert not Application.objects.filter(name="by token").exists()

    client.force_login(alice)
    client.post("/wrapped/register/", registration("by session"))
    assert Application.objects.filter(name="by session", user=alice).exists()


def test_a_token_cannot_change_an_application_through_a_wrapper(
    client, alice, token, make_application
):
    application = make_application(user=alice)
    changed = {**registration("changed"), "redirect_uris": "https://evil.example/"}
    path = f"/wrapped/applications/{application.pk}/update/"

    response = client.post(path, changed, headers=bearer(token.token))

    assert response.status_code == 403
    application.refresh_from_db()
    assert application.redirect_uris == REDIRECT_URI

    client.force_login(alice)
    client.post(path, changed)
    application.refresh_from_db()
    assert application.redirect_uris == "https://evil.example/"


def test_a_token_cannot_revoke_an_authorized_token_through_a_wrapper(
    client, alice, token, make_token
):
    other = make_token(alice, scope="read")
    path = f"/wrapped/authorized-tokens/{other.pk}/delete/"

    # Django deletes inside a transaction, which the refusal rolls back: here
    # to a savepoint of its own, as ATOMIC_REQUESTS would, not the test's.
    with transaction.atomic():
        response = client.post(path, headers=bearer(token.token))

    assert response.status_code == 403
    assert AccessToken.objects.filter(pk=other.pk).exists()

    client.force_login(alice)
    client.post(path)
    assert not AccessToken.objects.filter(pk=other.pk).exists()


def test_under_asgi_a_token_cannot_register_an_application_through_a_wrapper(
    async_client, token
):
    # Django runs the middleware and the view in other threads under ASGI: the
    # token login travels with the request's context, and so does the guard.
    post = async_to_sync(async_client.post)

    response = post(
        "/wrapped/register/", registration("by token"), headers=bearer(token.token)
    )

    assert response.status_code == 403
    assert not Application.objects.filter(name="by token").exists()
