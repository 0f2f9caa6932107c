"""The provider's introspection endpoint, which resource servers ask about tokens."""

import hashlib

from django.http import JsonResponse
from oauth2_provider.models import get_access_token_model, get_application_model
from oauth2_provider.views import IntrospectTokenView

from tokenauth.validators import BearerTokenValidator

AccessToken = get_access_token_model()
Application = get_application_model()


# --8<-- [start:introspect]
class ResourceServerValidator(BearerTokenValidator):
    """Authenticates only the clients that `manage.py resourceserver` made."""

    def _load_application(self, client_id, request):
        # Where DOT's validator loads every client, by id and secret or by id
        # alone: one query finds the application and tells that it is a
        # resource server's.
        try:
            client = Application.objects.get(
                client_id=client_id, resource_server__isnull=False
            )
        except (Application.DoesNotExist, ValueError):  # ValueError: a NUL byte
            return None
        request.client = client if client.is_usable(request) else None
        return request.client


class IntrospectView(IntrospectTokenView):
    """
    DOT's introspection endpoint, with two changes.

    * It answers "not active" for the token of a user deactivated after it was
      issued, as for a revoked token; DOT's answers "active".
    * Only a resource server may ask, with the client id and secret that
      `manage.py resourceserver` printed: they do not expire. DOT's also
      answers any client's id and secret, and any token with the scope
      "introspection", about anybody's token.

    Neither costs a query of its own: one query finds the client and tells
    that it is a resource server's, one finds the token with its user and
    client id, as many as DOT's own endpoint makes.
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
        if token_value is None:
            return super().get_token_response(token_value)  # DOT's 400
        # DOT's query: the token with its user and its application.
        checksum = hashlib.sha256(token_value.encode("utf-8")).hexdigest()
        try:
            token = AccessToken.objects.select_related("user", "application").get(
                token_checksum=checksum
            )
        except AccessToken.DoesNotExist:
            token = None
        if token is None or not token.is_valid():
            return JsonResponse({"active": False})
        if token.user is not None and not token.user.is_active:
            return JsonResponse({"active": False})  # the change
        # DOT's answer, RFC 7662's names.
        answer = {
            "active": True,
            "scope": token.scope,
            "exp": int(token.expires.timestamp()),
        }
        if token.application is not None:
            answer["client_id"] = token.application.client_id
        if token.user is not None:
            answer["username"] = token.user.get_username()
        if token.resource:
            answer["aud"] = token.resource
        return JsonResponse(answer)


# --8<-- [end:introspect]
