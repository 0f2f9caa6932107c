"""URL configuration of the resource server: the project's, without the provider."""

from django.contrib import admin
from django.urls import include, path

from . import views

# --8<-- [start:urlpatterns]
urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("secret", views.secret_page, name="secret"),
    path("api/echo", views.api_echo, name="api-echo"),
]
# --8<-- [end:urlpatterns]
