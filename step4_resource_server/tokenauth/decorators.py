"""
Decorators for views: one for views that API clients call, where only a Bearer
token counts, and one for views that must never accept a token.
"""

from functools import wraps

from asgiref.sync import iscoroutinefunction, sync_to_async
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from .backends import token_backends
from .bearer import bearer_token, sent_bearer_scheme
from .middleware import token_login


def token_required(view_func):
    """
    Let in the requests whose Bearer token logged their user in; answer the
    others as RFC 6750, section 3 says: 401 with a WWW-Authenticate challenge,
    403 for a valid token without the `login` scope, 400 for a malformed header.

    Only BearerTokenMiddleware's login counts (request.bearer_token), not a
    session, and not an access_token that other middleware set. With the token
    middleware after AuthenticationMiddleware, a session wins and the token is
    never looked at. That is also why the view needs no CSRF protection: a
    forged cross-site request can carry the browser's cookies, but never an
    Authorization header. And it is why LoginRequiredMiddleware must let the
    view through: an API client without a token gets 401, not the login page.
    """

    if iscoroutinefunction(view_func):

        async def _view(request, *args, **kwargs):
            if token_login(request) is not None:
                return await view_func(request, *args, **kwargs)
            return await sync_to_async(challenge)(request)

    else:

        def _view(request, *args, **kwargs):
            if token_login(request) is not None:
                return view_func(request, *args, **kwargs)
            return challenge(request)

    _view = wraps(view_func)(_view)
    # The view authenticates its requests itself: LoginRequiredMiddleware
    # (Django 5.1+) lets them through to the 401 above, as login_not_required
    # marks a view.
    _view.login_required = False
    return csrf_exempt(_view)


def token_login_exempt(view_func):
    """
    Mark a view that must never accept a token login, such as a staff-only
    page: BearerTokenMiddleware then leaves its request to the session.
    """
    # A new function, as Django's csrf_exempt makes one, so that marking one
    # use of a view does not mark every other place that uses it.
    if iscoroutinefunction(view_func):

        async def _view(request, *args, **kwargs):
            return await view_func(request, *args, **kwargs)

    else:

        def _view(request, *args, **kwargs):
            return view_func(request, *args, **kwargs)

    _view.token_login_exempt = True
    return wraps(view_func)(_view)


def challenge(request):
    """The answer to a request that token_required does not let in."""
    token = bearer_token(request)
    if token is None and sent_bearer_scheme(request):
        return error(400, "invalid_request", 'Bearer error="invalid_request"')
    if token is None or request.user.is_authenticated:
        # No token, another scheme, or a session that kept the token unread.
        return error(401, "token_required", "Bearer")
    for backend in token_backends():
        # Valid but short of a scope: the client must ask for more, not retry.
        if backend.verified_token(request, scopes=[]) is not None:
            scope = " ".join(backend.required_scopes)
            challenge = f'Bearer error="insufficient_scope", scope="{scope}"'
            return error(403, "insufficient_scope", challenge)
    return error(401, "invalid_token", 'Bearer error="invalid_token"')


def error(status, code, challenge):
    """A JSON error with its WWW-Authenticate challenge (RFC 6750, section 3)."""
    response = JsonResponse({"error": code}, status=status)
    response["WWW-Authenticate"] = challenge
    return response
