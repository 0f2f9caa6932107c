"""The project's URLs: the admin, the login page, and its own views."""

from django.contrib import admin
from django.urls import include, path

from . import pages

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("dashboard", pages.dashboard),
    path("staff", pages.staff),
]
