"""
Django REST framework authentication that agrees with BearerTokenMiddleware.

Only for projects with DRF installed: name it in REST_FRAMEWORK's
DEFAULT_AUTHENTICATION_CLASSES, before SessionAuthentication.
"""

from rest_framework.authentication import BaseAuthentication

from .middleware import token_login


class BearerTokenAuthentication(BaseAuthentication):
    """
    A DRF view sees the token login that BearerTokenMiddleware made, and no
    other: the same `login` scope, the same refusal of inactive users, the same
    views that refuse tokens. `request.auth` is the AccessToken, so DOT's
    TokenHasScope permission can ask for more scopes.

    DRF's SessionAuthentication reads the user of the underlying request, which
    the middleware has set from the token: it would take a token login for a
    session, and ask a token's POST for a CSRF token. Coming first, this class
    claims the token login before SessionAuthentication sees it, and makes
    DRF answer a request without credentials with 401 and a Bearer challenge.
    """

    def authenticate(self, request):
        access_token = token_login(request._request)
        if access_token is None:
            return None
        return (request._request.user, access_token)

    def authenticate_header(self, request):
        return "Bearer"
