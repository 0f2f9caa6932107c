"""
Step 3: token_required trusts only a login made by BearerTokenMiddleware, on
sync and async views alike; token_login_exempt keeps tokens out of a view.
"""

import pytest
from asgiref.sync import async_to_sync, iscoroutinefunction

from tests.tokens import bearer
from tests.urls_api import api_whoami_async
from tokenauth.decorators import token_login_exempt

pytestmark = pytest.mark.urls("tests.urls_api")

EXTRA_TOKEN_MIDDLEWARE = "oauth2_provider.middleware.OAuth2ExtraTokenMiddleware"


@pytest.fixture
def tokens(alice, make_user, make_token, make_application):
    """Tokens that must not open the API, made on demand."""
    return {
        "expired": lambda: make_token(alice, expires_in=-1),
        "inactive user's": lambda: make_token(make_user("carol", is_active=False)),
        "without the login scope": lambda: make_token(alice, scope="read write"),
        "client-credentials": lambda: make_token(
            None, application=make_application("client-credentials")
        ),
    }


@pytest.mark.parametrize(
    "kind",
    ["expired", "inactive user's", "without the login scope", "client-credentials"],
)
def test_dots_extra_token_middleware_cannot_open_the_api(
    client, settings, tokens, kind
):
    # DOT's middleware sets request.access_token for any token it finds.
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, EXTRA_TOKEN_MIDDLEWARE]

    response = client.get("/api/echo", headers=bearer(tokens[kind]().token))

    assert response.status_code in (401, 403)


def test_token_required_keeps_an_async_view_async():
    assert iscoroutinefunction(api_whoami_async)


def test_an_async_api_view_answers_a_valid_token(client, alice, make_token):
    response = client.get("/api/async", headers=bearer(make_token(alice).token))

    assert response.status_code == 200
    assert response.json() == {"user": "alice"}


@pytest.mark.parametrize(
    ("authorization", "status"),
    [(None, 401), ("Bearer no-such-token", 401), ("Bearer\xa0abc", 400)],
    ids=["no token", "unknown token", "malformed"],
)
def test_an_async_api_view_refuses_others(client, db, authorization, status):
    environ = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}

    response = client.get("/api/async", **environ)

    assert response.status_code == status


def test_an_async_api_view_under_asgi(async_client, alice, make_token):
    get = async_to_sync(async_client.get)

    response = get("/api/async", headers=bearer(make_token(alice).token))

    assert response.status_code == 200
    assert response.json() == {"user": "alice"}


@pytest.mark.parametrize("path", ["/staff/report", "/staff/report-async"])
def test_a_token_login_exempt_view_refuses_tokens(client, alice, make_token, path):
    response = client.get(path, headers=bearer(make_token(alice).token))

    assert response.status_code == 302


@pytest.mark.parametrize("path", ["/staff/report", "/staff/report-async"])
def test_a_token_login_exempt_view_takes_a_session(client, alice, path):
    client.force_login(alice)

    assert client.get(path).status_code == 200


def test_token_login_exempt_leaves_other_uses_of_the_view_alone():
    def report(request):
        return None

    exempt = token_login_exempt(report)

    assert exempt.token_login_exempt is True
    assert not hasattr(report, "token_login_exempt")


def test_token_login_exempt_on_dispatch_refuses_tokens(rf, alice, make_token):
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.http import HttpResponse
    from django.utils.decorators import method_decorator
    from django.views import View

    from tokenauth.middleware import BearerTokenMiddleware

    @method_decorator(token_login_exempt, name="dispatch")
    class StaffReport(View):
        def get(self, request):
            return HttpResponse("figures")

    request = rf.get("/", headers=bearer(make_token(alice).token))
    SessionMiddleware(HttpResponse).process_request(request)
    AuthenticationMiddleware(HttpResponse).process_request(request)

    BearerTokenMiddleware(HttpResponse).process_view(
        request, StaffReport.as_view(), (), {}
    )

    assert request.user.is_anonymous
