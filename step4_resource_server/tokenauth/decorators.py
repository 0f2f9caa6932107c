"""
A decorator for views that API clients call: only a Bearer token counts, and a
request without a valid one gets 401 Unauthorized instead of a login redirect.
"""

from functools import wraps

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.utils import parse_bearer_token


def token_required(view_func):
    """
    Let in the requests whose Bearer token logged their user in; answer the
    others with 401 and a WWW-Authenticate challenge (RFC 6750, section 3).

    A session cookie does not count here, not even with a token beside it:
    with the token middleware after AuthenticationMiddleware, a session wins
    and the token is never looked at. That is also why the view needs no
    CSRF protection: a forged cross-site request can carry the browser's
    cookies, but never an Authorization header.
    """

    @wraps(view_func)
    def _view(request, *args, **kwargs):
        # Set by BearerTokenBackend when the request's token logged its user in.
        if getattr(request, "access_token", None) is None:
            return challenge(request)
        return view_func(request, *args, **kwargs)

    return csrf_exempt(_view)


def challenge(request):
    sent_a_token = parse_bearer_token(request.META.get("HTTP_AUTHORIZATION", ""))
    if sent_a_token and request.user.is_anonymous:
        # The token was looked up: it is unknown, expired, revoked, or lacks a scope.
        response = JsonResponse({"error": "invalid_token"}, status=401)
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    else:
        response = JsonResponse({"error": "token_required"}, status=401)
        response["WWW-Authenticate"] = "Bearer"
    return response
