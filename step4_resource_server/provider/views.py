"""The provider's introspection endpoint, which resource servers ask about tokens."""

import hashlib

from django.http import JsonResponse
from oauth2_provider.models import get_access_token_model
from oauth2_provider.views import IntrospectTokenView

AccessToken = get_access_token_model()


# --8<-- [start:introspect]
class IntrospectView(IntrospectTokenView):
    """
    DOT's introspection endpoint, with two changes.

    * It answers "not active" for the token of a user deactivated after it was
      issued, as for a revoked token; DOT's answers "active".
    * Only a token with the scope "introspection" may ask, as `manage.py
      resourceserver` issues to resource servers. DOT's also answers any
      client that sends its own id and secret, about anybody's token.
    """

    def authenticate_client(self, request):
        return False

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
