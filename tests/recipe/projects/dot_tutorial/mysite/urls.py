"""The project's URLs: the admin, its documentation, DOT, and its own views."""

from django.contrib import admin
from django.urls import include, path

from . import pages

urlpatterns = [
    path("admin/doc/", include("django.contrib.admindocs.urls")),
    path("admin/", admin.site.urls),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("api/hello", pages.ApiEndpoint.as_view()),
    path("staff/reports", pages.reports),
]
