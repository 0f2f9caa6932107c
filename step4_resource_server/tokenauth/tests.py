"""
Tests of a project's token setup, copied with tokenauth/. Run them with

    python manage.py test tokenauth

They run with your project's settings (middleware, backends, OAUTH2_PROVIDER)
and your URLs for the admin, the login page and the provider, and bring three
small views of their own, so they prove the setup whatever views you have.
They expect the admin mounted under the namespace "admin", as startproject
does, and the provider under "oauth2_provider".
"""

import sys
from io import StringIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.management import call_command
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import RequestFactory, TestCase, override_settings
from django.urls import include, path, reverse
from django.views.debug import ExceptionReporter
from django.views.decorators.debug import sensitive_variables

from .decorators import token_required


def username(request):
    return HttpResponse(request.user.get_username())


def is_staff(request):
    return HttpResponse(str(request.user.is_staff))


# Your project's URLs, and three views that only these tests see.
urlpatterns = [
    path("tokenauth-tests/login-required", login_required(username)),
    path("tokenauth-tests/token-required", token_required(username)),
    path("tokenauth-tests/is-staff", login_required(is_staff)),
    path("", include(settings.ROOT_URLCONF)),
]


@override_settings(ROOT_URLCONF=__name__)
class TokenSetupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        User = get_user_model()
        # No passwords: tokens and force_login need none, and hashing is slow.
        cls.staff = User._default_manager.create(
            **{User.USERNAME_FIELD: "tokenauth-staff"}, is_staff=True
        )
        cls.other = User._default_manager.create(
            **{User.USERNAME_FIELD: "tokenauth-other"}
        )

    def token(self, user):
        """A token with the login scope, issued as `manage.py issuetoken` does."""
        out = StringIO()
        call_command("issuetoken", user.get_username(), stdout=out)
        return {"HTTP_AUTHORIZATION": f"Bearer {out.getvalue().strip()}"}

    def test_a_token_opens_a_login_required_view(self):
        response = self.client.get(
            "/tokenauth-tests/login-required", **self.token(self.staff)
        )
        assert response.status_code == 200, (
            f"a valid token got {response.status_code}: is BearerTokenMiddleware "
            "in MIDDLEWARE, and BearerTokenBackend in AUTHENTICATION_BACKENDS?"
        )
        assert response.content.decode() == "tokenauth-staff"

    def test_a_bad_token_gets_the_login_redirect(self):
        response = self.client.get(
            "/tokenauth-tests/login-required", HTTP_AUTHORIZATION="Bearer not-a-token"
        )
        assert response.status_code == 302, (
            f"a bad token got {response.status_code}, not the login redirect"
        )
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL)), (
            f"a bad token was sent to {response['Location']}, not to LOGIN_URL"
        )

    def test_an_api_view_answers_401_with_a_challenge(self):
        response = self.client.get("/tokenauth-tests/token-required")
        assert response.status_code == 401, (
            f"an API call without a token got {response.status_code}, not 401: "
            "is a middleware of the project answering for token_required views? "
            "LoginRequiredMiddleware lets them through, as they are marked "
            "login_required = False."
        )
        assert response["WWW-Authenticate"].startswith("Bearer")
        response = self.client.get(
            "/tokenauth-tests/token-required", **self.token(self.staff)
        )
        assert response.status_code == 200, (
            f"a valid token got {response.status_code} from an API view: is "
            "BearerTokenMiddleware in MIDDLEWARE, right after AuthenticationMiddleware?"
        )

    def test_a_session_wins_over_a_token(self):
        self.client.force_login(self.other)
        response = self.client.get(
            "/tokenauth-tests/login-required", **self.token(self.staff)
        )
        assert response.content.decode() == "tokenauth-other", (
            "a token replaced the user of a session: is BearerTokenMiddleware "
            "after AuthenticationMiddleware?"
        )

    def test_the_admin_ignores_tokens(self):
        admin = reverse("admin:index")
        response = self.client.get(admin, **self.token(self.staff))
        self.assertRedirects(
            response,
            f"{reverse('admin:login')}?next={admin}",
            msg_prefix="a staff user's token opened the admin: does another "
            "middleware log tokens in, such as DOT's OAuth2TokenMiddleware?",
        )

    def test_a_token_carries_no_staff_rights(self):
        response = self.client.get(
            "/tokenauth-tests/is-staff", **self.token(self.staff)
        )
        assert response.content.decode() == "False", (
            "a staff user's token logged in with staff rights: does another "
            "middleware log tokens in, such as DOT's OAuth2TokenMiddleware?"
        )

    def test_people_can_log_in_to_approve_clients(self):
        response = self.client.get(reverse("oauth2_provider:authorize"), follow=True)
        assert response.status_code == 200
        assert response.request["PATH_INFO"] == resolve_url(settings.LOGIN_URL), (
            "the consent page sent a person elsewhere than LOGIN_URL"
        )
        self.assertContains(response, 'name="password"')

    @override_settings(DEBUG=True)
    def test_error_reports_hide_tokens_even_with_debug_on(self):
        # Built at run time, so that the report's source lines do not show it.
        def live_token():
            return "-".join(["a", "live", "token"])

        @sensitive_variables()
        def check():
            token = live_token()
            raise RuntimeError(f"the database went away ({len(token)})")

        try:
            check()
        except RuntimeError:
            request = RequestFactory().get("/")
            report = ExceptionReporter(request, *sys.exc_info()).get_traceback_html()
        assert "the database went away" in report
        assert live_token() not in report
