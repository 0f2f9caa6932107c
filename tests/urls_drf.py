"""
A test-only URL conf with Django REST framework views beside the step's own
URLs. Which authentication classes they use comes from the REST_FRAMEWORK
setting of each test.
"""

from django.urls import include, path
from oauth2_provider.contrib.rest_framework import TokenHasScope
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView


class WhoAmI(APIView):
    """Who DRF says the request is, which class said so, and the middleware's login."""

    renderer_classes = [JSONRenderer]
    permission_classes = [IsAuthenticated]

    def get_authenticators(self):
        # DRF reads the setting when the class is defined; read it at each
        # request instead, so that each test can set its own.
        return [cls() for cls in api_settings.DEFAULT_AUTHENTICATION_CLASSES]

    def get(self, request):
        authenticator = request.successful_authenticator
        # The token that the middleware logged in with, before DRF ran.
        token_login = getattr(request._request, "bearer_token", None)
        return Response(
            {
                "user": request.user.get_username(),
                "token_login": token_login and token_login.user.get_username(),
                "authenticator": type(authenticator).__name__,
                "token": getattr(request.auth, "token", None),
            }
        )

    post = get


class WriteScope(WhoAmI):
    """A view that asks the token for the `write` scope, as DOT's permission does."""

    permission_classes = [TokenHasScope]
    required_scopes = ["write"]


urlpatterns = [
    path("drf/whoami", WhoAmI.as_view()),
    path("drf/write", WriteScope.as_view()),
    path("", include("mysite.urls")),
]
