"""The provider's introspection endpoint, which resource servers ask about tokens."""

import hashlib

from django.http import JsonResponse
from oauth2_provider.models import get_access_token_model
from oauth2_provider.views import IntrospectTokenView

from tokenauth.validators import BearerTokenValidator

from .models import ResourceServer

AccessToken = get_access_token_model()


# --8<-- [start:introspect]
class ResourceServerValidator(BearerTokenValidator):
    """Authenticates only the clients that `manage.py resourceserver` made."""

    def authenticate_client(self, request, *args, **kwargs):
        return (
            super().authenticate_client(request, *args, **kwargs)
            and ResourceServer.objects.filter(application=request.client).exists()
        )


class IntrospectView(IntrospectTokenView):
    """
    DOT's introspection endpoint, with two changes.

    * It answers "not active" for the token of a user deactivated after it was
      issued, as for a revoked token; DOT's answers "active".
    * Only a resource server may ask, with the client id and secret that
      `manage.py resourceserver` printed: they do not expire. DOT's also
      answers any client's id and secret, and any token with the scope
      "introspection", about anybody's token.
    """

    validator_class = ResourceServerValidator

    @classmethod
    def get_oauthlib_core(cls):
        # DOT keeps its core in a class attribute, where this class would
        # find the one DOT's own view made with the validator above replaced.
        if "_oauthlib_core" not in cls.__dict__:
            cls._oauthlib_core = cls.get_oauthlib_backend_class()(cls.get_server())
        return cls._oauthlib_core

    def verify_request(self, request):
        return False, None  # no token may ask, whatever its scope

    def get_token_response(self, token_value=None):
        if token_value is not None and self.user_is_inactive(token_value):
            return JsonResponse({"active": False})
        return super().get_token_response(token_value)

    @staticmethod
    def user_is_inactive(token_value):
        checksum = hashlib.sha256(token_value.encode("utf-8")).hexdigest()
        return AccessToken.objects.filter(
            token_checksum=checksum, user__is_active=False
        ).exists()


# --8<-- [end:introspect]
