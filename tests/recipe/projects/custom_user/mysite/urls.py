"""The project's URLs: the admin and its own views."""

from django.contrib import admin
from django.urls import path

from . import pages

urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff", pages.StaffView.as_view()),
]
