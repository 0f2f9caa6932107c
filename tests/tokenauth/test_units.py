"""
Each promise in the docstrings of tokenauth, tested on the class
itself, as DOT's own tests/test_auth_backends.py does: a RequestFactory
request and a dummy get_response, no URL conf and no test client.
"""

import copy
import pickle
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from django.contrib import admin
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import User
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver
from django.utils import timezone
from oauth2_provider import urls as oauth2_urls
from oauth2_provider.models import get_access_token_model, get_application_model
from oauthlib.oauth2.rfc6749.endpoints.resource import ResourceEndpoint

from tests.tokens import bearer
from tokenauth.backends import BearerTokenBackend
from tokenauth.bearer import bearer_token
from tokenauth.guards import current_token_login
from tokenauth.middleware import BearerTokenMiddleware, token_login, view_parts
from tokenauth.users import TokenUser

AccessToken = get_access_token_model()
Application = get_application_model()


def get_response(request):
    return HttpResponse("the view's answer")


@pytest.fixture
def middleware():
    yield BearerTokenMiddleware(get_response)
    # Django calls process_view inside the middleware's __call__, which ends
    # the token login; these tests call process_view alone.
    current_token_login.set(None)


@pytest.fixture
def anonymous(rf):
    """A request as AuthenticationMiddleware leaves it when nobody is logged in."""

    def make(authorization=None, path="/some/page", method="get", **extra):
        headers = {} if authorization is None else {"Authorization": authorization}
        request = getattr(rf, method)(path, headers=headers, **extra)
        SessionMiddleware(get_response).process_request(request)
        AuthenticationMiddleware(get_response).process_request(request)
        return request

    return make


def ordinary_view(request):
    return HttpResponse("ordinary")


def views_of(patterns):
    """Every view callback of a URL conf, however deep its includes."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from views_of(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


# bearer_token(): RFC 6750's credentials syntax, and nothing looser.


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer abc.DEF-123_~+/", "abc.DEF-123_~+/"),
        ("Bearer abc==", "abc=="),
        ("bearer abc", "abc"),
        ("BEARER   abc", "abc"),
        ("Bearer\xa0abc", None),
        ("Bearer\u2003abc", None),
        ("Bearer\tabc", None),
        ("Bearer abc ", None),
        (" Bearer abc", None),
        ("Bearer abc def", None),
        ("Bearer ab=c", None),
        ("Bearer ab\xe9", None),
        ("Bearer", None),
        ("Bearer ", None),
        ("BearerX abc", None),
        ("Basic YWxpY2U6cGFzc3dvcmQ=", None),
        ("", None),
    ],
    ids=repr,
)
def test_bearer_token_follows_rfc_6750(anonymous, header, token):
    assert bearer_token(anonymous(header)) == token


# BearerTokenBackend


@pytest.fixture
def backend():
    return BearerTokenBackend()


def test_backend_authenticate_logs_nobody_in(backend, anonymous, alice, make_token):
    token = make_token(alice)
    request = anonymous(f"Bearer {token.token}")

    assert backend.authenticate(request, username="alice", password="wrong") is None
    # DOT's middleware calls it so, before any view is known.
    assert backend.authenticate(request) is None
    assert backend.verified_token(request) == token


def test_backend_refuses_an_inactive_users_token(
    backend, anonymous, make_user, make_token
):
    carol = make_user("carol", is_active=False)

    assert (
        backend.verified_token(anonymous(f"Bearer {make_token(carol).token}")) is None
    )
    assert backend.get_user(carol.pk) is None


def test_backend_wants_the_required_scopes(backend, anonymous, alice, make_token):
    token = make_token(alice, scope="read write")
    request = anonymous(f"Bearer {token.token}")

    assert backend.verified_token(request) is None
    assert backend.verified_token(request, scopes=[]) == token


def test_backend_reads_neither_the_query_nor_the_body(
    backend, anonymous, alice, make_token
):
    token = make_token(alice).token
    in_query = anonymous(path=f"/page?access_token={token}")
    in_body = anonymous(method="post", data={"access_token": token})

    assert backend.verified_token(in_query) is None
    assert backend.verified_token(in_body) is None
    assert in_body._stream.read() != b""  # the body was never parsed


def spoil(token, monkeypatch, how):
    """Make `token` fail one of DOT's checks, or none."""
    tokens = AccessToken.objects.filter(pk=token.pk)
    if how == "expired":
        tokens.update(expires=timezone.now() - timedelta(seconds=1))
    elif how == "revoked":
        token.revoke()
    elif how == "without login":
        tokens.update(scope="read write")
    elif how == "of an inactive user":
        token.user.is_active = False
        token.user.save()
    elif how == "of a client, no user":
        tokens.update(user=None)
    elif how == "for another resource":
        tokens.update(resource=["https://elsewhere.example/"])
    elif how == "of an unusable application":
        monkeypatch.setattr(Application, "is_usable", lambda self, request: False)


@pytest.mark.parametrize(
    "how",
    [
        "valid",
        "expired",
        "revoked",
        "without login",
        "of an inactive user",
        "of a client, no user",
        "for another resource",
        "of an unusable application",
    ],
)
def test_backend_asks_dots_validator_without_oauthlibs_request_parsing(
    backend, anonymous, alice, make_token, application, monkeypatch, how
):
    token = make_token(alice, application=application)
    spoil(token, monkeypatch, how)

    def parse(*args, **kwargs):
        raise AssertionError("oauthlib parsed a request to check a token")

    monkeypatch.setattr(ResourceEndpoint, "verify_request", parse)
    found = backend.verified_token(anonymous(f"Bearer {token.token}"))

    assert found == (token if how == "valid" else None)


@pytest.mark.parametrize("path", ["/%3F%zz", "/a%3Fq=%25zz", "/%00", "/%E2%80%8B"])
def test_backend_is_not_confused_by_the_path(
    backend, anonymous, alice, make_token, path
):
    token = make_token(alice)
    request = anonymous(f"Bearer {token.token}", path=path)

    assert backend.verified_token(request) == token


# BearerTokenMiddleware


def test_middleware_logs_in_from_process_view_not_before(
    middleware, anonymous, alice, make_token
):
    token = make_token(alice)
    request = anonymous(f"Bearer {token.token}")

    middleware(request)
    assert request.user.is_anonymous  # __call__ only adds Vary

    middleware.process_view(request, ordinary_view, (), {})
    assert request.user == alice
    assert request._cached_user == alice
    assert request.bearer_token == token


def test_middleware_serves_request_auser(middleware, anonymous, alice, make_token):
    request = anonymous(f"Bearer {make_token(alice).token}")

    middleware.process_view(request, ordinary_view, (), {})

    assert async_to_sync(request.auser)() == alice


def test_middleware_leaves_a_session_user_alone(
    middleware, rf, alice, bob, make_token, django_assert_num_queries
):
    request = rf.get("/", headers=bearer(make_token(alice).token))
    request.user = bob

    with django_assert_num_queries(0):
        middleware.process_view(request, ordinary_view, (), {})

    assert request.user == bob
    assert not hasattr(request, "bearer_token")


def test_middleware_adds_vary_authorization(middleware, anonymous):
    assert "Authorization" in middleware(anonymous())["Vary"]


@pytest.mark.parametrize(
    "view",
    [*views_of(admin.site.get_urls()), *views_of(oauth2_urls.urlpatterns)],
    ids=lambda view: getattr(view, "__qualname__", repr(view)),
)
def test_every_admin_and_dot_view_refuses_tokens(
    middleware, anonymous, alice, make_token, view, django_assert_num_queries
):
    request = anonymous(f"Bearer {make_token(alice).token}")

    with django_assert_num_queries(0):
        middleware.process_view(request, view, (), {})

    assert request.user.is_anonymous


def test_a_view_marked_token_login_exempt_refuses_tokens(
    middleware, anonymous, alice, make_token
):
    def staff_report(request):
        return HttpResponse("figures")

    staff_report.token_login_exempt = True
    request = anonymous(f"Bearer {make_token(alice).token}")

    middleware.process_view(request, staff_report, (), {})

    assert request.user.is_anonymous


def test_view_parts_finds_what_decorators_wrap():
    from django.contrib.auth.decorators import login_required
    from django.views.decorators.cache import never_cache

    view = never_cache(login_required(ordinary_view))

    assert ordinary_view in list(view_parts(view))


def test_middleware_needs_no_session(middleware, rf, alice, make_token):
    # Without AuthenticationMiddleware the request has no user; a token still works.
    request = rf.get("/", headers=bearer(make_token(alice).token))
    SessionMiddleware(get_response).process_request(request)

    middleware.process_view(request, ordinary_view, (), {})

    assert request.user == alice


def test_backend_serves_async_session_lookups(backend, alice, make_user):
    carol = make_user("carol", is_active=False)

    # async_to_sync, so that the database work runs on this thread's connection.
    assert async_to_sync(backend.aget_user)(alice.pk) == alice
    assert async_to_sync(backend.aget_user)(carol.pk) is None


def test_middleware_reads_a_closure_without_evaluating_what_it_holds(middleware):
    from django.utils.functional import SimpleLazyObject

    def evaluated():
        raise AssertionError("a lazy object in a closure was evaluated")

    lazy = SimpleLazyObject(evaluated)

    def recursive_view(request):
        return later(request) if lazy else None

    # `later` is still an empty cell, and `lazy` must stay unevaluated.
    refused = middleware.refuses_tokens(recursive_view)
    later = recursive_view

    assert refused is False


def test_token_login_is_only_the_middlewares_login_of_the_requests_user(
    middleware, anonymous, alice, bob, make_token
):
    token = make_token(alice)
    request = anonymous(f"Bearer {token.token}")
    assert token_login(request) is None  # nothing logged in yet

    middleware.process_view(request, ordinary_view, (), {})
    assert token_login(request) == token

    request.user = bob  # something after the middleware changed the user
    assert token_login(request) is None


def test_a_class_based_view_with_token_login_exempt_refuses_tokens(
    middleware, anonymous, alice, make_token
):
    from django.views import View

    class StaffReport(View):
        token_login_exempt = True

        def get(self, request):
            return HttpResponse("figures")

    request = anonymous(f"Bearer {make_token(alice).token}")

    middleware.process_view(request, StaffReport.as_view(), (), {})

    assert request.user.is_anonymous


# TokenUser: the user of a token login.


def test_the_middleware_logs_a_token_user_in(middleware, anonymous, alice, make_token):
    request = anonymous(f"Bearer {make_token(alice).token}")

    middleware.process_view(request, ordinary_view, (), {})

    assert type(request.user) is TokenUser
    assert request._acached_user is request.user


def test_a_token_user_is_the_user_without_staff_rights(alice):
    user = TokenUser(alice)

    assert user == alice
    assert alice == user
    assert isinstance(user, User)
    assert user.get_username() == "alice"
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert (alice.is_staff, alice.is_superuser) == (True, True)


def test_a_token_user_has_no_superuser_permissions(alice):
    user = TokenUser(alice)

    assert alice.has_perm("auth.add_user")
    assert not user.has_perm("auth.add_user")
    assert not user.has_perms(["auth.add_user"])
    assert not user.has_module_perms("auth")
    assert user.get_all_permissions() == set()
    assert not async_to_sync(user.ahas_perm)("auth.add_user")
    assert alice.has_perm("auth.add_user")  # the user's own object is unchanged


def test_a_token_user_stays_one_when_copied_or_pickled(alice):
    user = TokenUser(alice)

    for copied in (
        copy.copy(user),
        copy.deepcopy(user),
        pickle.loads(pickle.dumps(user)),
    ):
        assert type(copied) is TokenUser
        assert copied == alice
        assert not copied.is_superuser


def test_a_token_user_works_as_a_foreign_key_and_in_queries(alice, make_token):
    token = make_token(TokenUser(alice))

    assert AccessToken.objects.get(user=TokenUser(alice)) == token
    assert AccessToken.objects.get(pk=token.pk).user == alice


class AdminAccount:
    """A user model without PermissionsMixin: its admins may do anything."""

    is_active = True

    def has_perm(self, perm, obj=None):
        return True

    def has_module_perms(self, app_label):
        return True


@pytest.mark.django_db
def test_a_user_model_without_permissions_mixin_gives_a_token_no_permissions():
    user = TokenUser(AdminAccount())

    assert not user.has_perm("auth.add_user")
    assert not user.has_module_perms("auth")
