"""
A test-only URL conf of shapes that BearerTokenMiddleware's view check was
not written for: staff-only pages written the other ways a project writes
them, and DOT's views reached through a project's own function, called at
request time, where no check of the view can see them. The rules must hold
here too: a token login carries no staff rights, and changes no provider record.
"""

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import login
from django.contrib.auth.decorators import (
    login_required,
    permission_required,
    user_passes_test,
)
from django.http import JsonResponse
from django.urls import include, path
from django.utils.decorators import method_decorator
from django.views import View
from oauth2_provider import views as oauth2_views

from tests.urls import whoami


@method_decorator(staff_member_required, name="dispatch")
class StaffReport(View):
    def get(self, request):
        return whoami(request)


def calls_admin_index(request):
    return admin.site.index(request)


def calls_admin_view(request):
    return admin.site.admin_view(whoami)(request)


class CallsAdminIndex(View):
    def get(self, request):
        return admin.site.index(request)


@login_required
def profile(request):
    """A page where a user changes their own name, and saves request.user."""
    request.user.first_name = request.POST["first_name"]
    request.user.save()
    return JsonResponse(
        {"first_name": request.user.first_name, "is_staff": request.user.is_staff}
    )


@login_required
def continue_in_browser(request):
    """A link from an app to the site: the app's user, logged in for the browser."""
    login(request, request.user, backend="django.contrib.auth.backends.ModelBackend")
    return JsonResponse({"user": request.user.get_username()})


def consent(request):
    return oauth2_views.AuthorizationView.as_view()(request)


def register(request):
    return oauth2_views.ApplicationRegistration.as_view()(request)


def update(request, pk):
    return oauth2_views.ApplicationUpdate.as_view()(request, pk=pk)


def delete_authorized_token(request, pk):
    return oauth2_views.AuthorizedTokenDeleteView.as_view()(request, pk=pk)


urlpatterns = [
    path("admin/doc/", include("django.contrib.admindocs.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    # Staff-only pages.
    path("staff/class-based", StaffReport.as_view()),
    path("staff/is-staff", user_passes_test(lambda user: user.is_staff)(whoami)),
    path("staff/is-superuser", user_passes_test(lambda u: u.is_superuser)(whoami)),
    path("staff/add-user-permission", permission_required("auth.add_user")(whoami)),
    path("staff/calls-admin-index", calls_admin_index),
    path("staff/calls-admin-view", calls_admin_view),
    path("staff/class-calls-admin-index", CallsAdminIndex.as_view()),
    # DOT's views, reached at request time.
    path("wrapped/applications/", lambda r: oauth2_views.ApplicationList.as_view()(r)),
    path("wrapped/authorize/", login_required(consent)),
    path("wrapped/register/", register),
    path("wrapped/applications/<int:pk>/update/", update),
    path("wrapped/authorized-tokens/<int:pk>/delete/", delete_authorized_token),
    path("whoami/login-required", login_required(whoami)),
    path("profile", profile),
    path("continue-in-browser", continue_in_browser),
]
