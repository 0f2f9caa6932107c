"""
A test-only URL conf that mounts the admin and DOT the other ways Django
allows: another admin site under another name, DOT under another namespace
and view by view, admin_view() and staff_member_required on a project's own
views, a catch-all path, and language prefixes. BearerTokenMiddleware must
refuse tokens on every admin and DOT view, and accept them everywhere else.
"""

from functools import partial

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.urls import include, path, re_path
from oauth2_provider import views as oauth2_views

from tests.urls import whoami, whoami_async

staff_site = admin.AdminSite(name="staff")
staff_site.register(User)


class ProjectConsentView(oauth2_views.AuthorizationView):
    """A project's own consent page, built on DOT's."""

    template_name = "oauth2_provider/authorize.html"


def plain_middleware(get_response):
    """A function-style middleware, as Django allows in MIDDLEWARE."""
    return get_response


def whoami_for(request, greeting):
    """A view that takes an argument, for functools.partial."""
    return whoami(request)


def whoami_at(request, rest):
    """A catch-all view: any path under files/."""
    return whoami(request)


urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/", staff_site.urls),
    path("staff-page", admin.site.admin_view(whoami)),
    path("staff-only", staff_member_required(whoami)),
    path("provider/", include("oauth2_provider.urls", namespace="provider")),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("apps/", oauth2_views.ApplicationList.as_view()),
    path(
        "apps/register/", login_required(oauth2_views.ApplicationRegistration.as_view())
    ),
    path("consent/", oauth2_views.AuthorizationView.as_view()),
    path("my-consent/", ProjectConsentView.as_view()),
    path("accounts/", include("django.contrib.auth.urls")),
    path("whoami/login-required", login_required(whoami)),
    path("whoami/async", login_required(whoami_async)),
    path("whoami/partial", login_required(partial(whoami_for, greeting="hi"))),
    re_path(r"^files/(?P<rest>.*)$", login_required(whoami_at)),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("o/", include("oauth2_provider.urls")),
    path("whoami/login-required", login_required(whoami)),
)
