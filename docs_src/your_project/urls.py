"""URL configuration of your project: step 3's, but for its home page."""

from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    # login/ and logout/ (and password pages), named "login" and "logout".
    path("accounts/", include("django.contrib.auth.urls")),
    # The provider: authorize/, token/, revoke_token/, introspect/, applications/ ...
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("secret", views.secret_page, name="secret"),
    path("api/echo", views.api_echo, name="api-echo"),
]
