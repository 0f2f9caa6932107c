"""
The token middleware refuses tokens on every admin and DOT view, however
a project mounts them, and accepts them on every other view, whatever the
path (tests/urls_layouts.py mounts them the other ways Django allows).

alice is a superuser: her `login` token must not open any admin or DOT page.
"""

import pytest
from django.contrib.auth.models import User

from tests.tokens import bearer

pytestmark = pytest.mark.urls("tests.urls_layouts")

LOCALE_MIDDLEWARE = "django.middleware.locale.LocaleMiddleware"

REFUSED = {
    "another admin site": "/staff/",
    "another admin site's model page": "/staff/auth/user/",
    "a view in AdminSite.admin_view()": "/staff-page",
    "a view in staff_member_required": "/staff-only",
    "DOT under another namespace": "/provider/applications/",
    "DOT's consent page under another namespace": "/provider/authorize/",
    "a DOT view mounted by path()": "/apps/",
    "a DOT view in login_required": "/apps/register/",
    "DOT's consent view mounted by path()": "/consent/",
    "a project's subclass of DOT's consent view": "/my-consent/",
    "the default admin site": "/admin/",
}

ACCEPTED = {
    "a login_required view": "/whoami/login-required",
    "an async view": "/whoami/async",
    "a functools.partial view": "/whoami/partial",
    "a catch-all path with an encoded ? and a bad escape": "/files/%3F%zz",
    "a catch-all path with encoded characters": "/files/%00%ff%E2%80%8B..%2F",
}


@pytest.fixture
def token(alice, make_token):
    return make_token(alice, scope="read write login").token


@pytest.mark.parametrize("path", REFUSED.values(), ids=REFUSED.keys())
def test_admin_and_dot_views_refuse_tokens_wherever_they_are_mounted(
    client, token, path
):
    response = client.get(path, headers=bearer(token))

    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("path", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_other_views_accept_tokens_whatever_the_path(client, token, path):
    response = client.get(path, headers=bearer(token))

    assert response.status_code == 200
    assert response.json()["user"] == "alice"


def test_a_token_cannot_create_a_user_through_another_admin_site(client, token):
    response = client.post(
        "/staff/auth/user/add/",
        {
            "username": "mallory",
            "password1": "x-9Lq!x-9Lq!",
            "password2": "x-9Lq!x-9Lq!",
        },
        headers=bearer(token),
    )

    assert response.status_code == 302
    assert not User.objects.filter(username="mallory").exists()


@pytest.fixture
def locale_after_token_middleware(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, LOCALE_MIDDLEWARE]


@pytest.mark.parametrize("path", ["/en/admin/", "/en/o/applications/"])
def test_language_prefixes_do_not_open_the_admin_or_dot(
    client, token, locale_after_token_middleware, path
):
    response = client.get(path, headers=bearer(token))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_language_prefixes_still_let_tokens_into_other_views(
    client, token, locale_after_token_middleware
):
    response = client.get("/en/whoami/login-required", headers=bearer(token))

    assert response.status_code == 200
    assert response.json()["user"] == "alice"


def test_a_path_that_resolves_to_no_view_looks_up_no_token(
    client, token, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/%3F%zz", headers=bearer(token))

    assert response.status_code == 404
