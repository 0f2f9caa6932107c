"""The project's URLs: the admin, DRF's login page, and its own API views."""

from django.contrib import admin
from django.urls import include, path

from . import pages

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api-auth/", include("rest_framework.urls")),
    path("api/me", pages.Me.as_view()),
    path("api/staff", pages.StaffOnly.as_view()),
]
