"""URL configuration of the tutorial project."""

from django.contrib import admin
from django.urls import include, path

from provider.views import IntrospectView

from . import views

# --8<-- [start:urlpatterns]
urlpatterns = [
    path("admin/", admin.site.urls),
    # login/ and logout/ (and password pages), named "login" and "logout".
    path("accounts/", include("django.contrib.auth.urls")),
    # Before DOT's own: an introspection that knows deactivated users.
    path("o/introspect/", IntrospectView.as_view(), name="introspect"),
    # The provider: authorize/, token/, revoke_token/, introspect/, applications/ ...
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("", views.home, name="home"),
    path("secret", views.secret_page, name="secret"),
    path("api/echo", views.api_echo, name="api-echo"),
]
# --8<-- [end:urlpatterns]
