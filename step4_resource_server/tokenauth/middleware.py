"""
The middleware that logs in the user of a valid Bearer token, for one request.
"""

from django.contrib.auth import get_backends
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from oauth2_provider.backends import OAuth2Backend
from oauth2_provider.middleware import OAuth2TokenMiddleware
from oauth2_provider.utils import parse_bearer_token


class BearerTokenMiddleware(OAuth2TokenMiddleware):
    """
    DOT's OAuth2TokenMiddleware, with three changes.

    * The views of `excluded_namespaces`, the admin and DOT's own pages, never
      accept a token: a token cannot open the admin or manage applications.
    * Async views see the token's user too: Django's login_required awaits
      request.auser(), which DOT's middleware leaves to the session.
    * A bad token is not reported as a failed password login. It asks the
      token backends directly, where authenticate() would send the
      user_login_failed signal that lockout tools count.

    Like DOT's, it belongs right after AuthenticationMiddleware: a user logged
    in by session keeps the request, and a token is only looked up for
    anonymous requests.
    """

    #: URL namespaces whose views ignore Bearer tokens.
    excluded_namespaces = {"admin", "oauth2_provider"}

    def __call__(self, request):
        if (
            parse_bearer_token(request.META.get("HTTP_AUTHORIZATION", ""))
            and (not hasattr(request, "user") or request.user.is_anonymous)
            and not self.is_excluded(request)
        ):
            user = authenticate_bearer(request)
            if user is not None:
                # _cached_user serves request.user; _acached_user, request.auser().
                request.user = request._cached_user = request._acached_user = user
        response = self.get_response(request)
        patch_vary_headers(response, ("Authorization",))
        return response

    def is_excluded(self, request):
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return False
        return not self.excluded_namespaces.isdisjoint(match.namespaces)


def authenticate_bearer(request):
    """The user of the request's Bearer token, from the token backends."""
    for backend in get_backends():
        if isinstance(backend, OAuth2Backend):
            user = backend.authenticate(request)
            if user is not None:
                return user
    return None
