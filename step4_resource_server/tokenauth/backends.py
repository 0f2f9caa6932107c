"""
The authentication backend that turns a Bearer token into its user.
"""

from django.contrib.auth import get_backends
from django.contrib.auth.backends import BaseBackend
from django.utils.encoding import escape_uri_path
from django.views.decorators.debug import sensitive_variables
from oauth2_provider.backends import OAuth2Backend
from oauth2_provider.settings import oauth2_settings
from oauthlib.common import Request as OAuthRequest

from .bearer import bearer_token
from .users import TokenUser

# Built once, as DOT's own backend builds its oauthlib core: the validator
# that the settings name (OAUTH2_VALIDATOR_CLASS).
validator = oauth2_settings.OAUTH2_VALIDATOR_CLASS()


class BearerTokenBackend(OAuth2Backend, BaseBackend):
    """
    DOT's OAuth2Backend, made safe to sit beside a login form.

    * authenticate() logs nobody in. A token logs in only through
      BearerTokenMiddleware, which knows the view about to run; DOT's
      middleware calls authenticate() before any view is known, and a login
      form calls it with a password, for which DOT's backend would take the
      Bearer header of the request instead.
    * The user of a token login has no staff or superuser rights, unless a
      project overrides token_user().
    * An inactive user's token logs nobody in, and neither does a session.
    * The token must have been granted `required_scopes`.
    * It reads a well-formed Authorization header only (RFC 6750), never the
      body or the query string: DOT's backend parses request.POST, after which
      a view can no longer read request.body.
    * Async code can ask it too: BaseBackend adds aauthenticate() and
      aget_user(), which request.auser() calls for a session it logged in.
    """

    #: A token logs its user in only if it was granted all of these scopes.
    required_scopes = ["login"]

    def authenticate(self, request=None, **credentials):
        return None

    def token_user(self, access_token):
        """
        What request.user is for a token login. A project that wants tokens to
        carry staff rights, say with a scope of its own, overrides this and
        returns access_token.user for those tokens.
        """
        return TokenUser(access_token.user)

    # --8<-- [start:verified-token]
    @sensitive_variables()
    def verified_token(self, request, scopes=None):
        """
        The request's access token if it is valid, was granted `scopes` (by
        default `required_scopes`) and belongs to an active user; else None.
        """
        token = bearer_token(request)
        if token is None:
            return None
        # oauthlib would build a request from the headers, find the token type
        # and read the token again, only to ask the validator what is asked
        # here: DOT's own checks, unchanged (expiry, revocation, scopes, the
        # application). The address plays no part in checking a Bearer token;
        # escaped, a path such as /%3F%zz cannot smuggle a bad query string in.
        oauth_request = OAuthRequest(escape_uri_path(request.path), request.method)
        scopes = self.required_scopes if scopes is None else scopes
        if not validator.validate_bearer_token(token, scopes, oauth_request):
            return None
        user = oauth_request.user  # None for a client's own token
        if user is None or not self.user_can_authenticate(user):
            return None
        return oauth_request.access_token
        # --8<-- [end:verified-token]

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user):
        """Refuse inactive users, as Django's ModelBackend does."""
        return getattr(user, "is_active", True)


def token_backends():
    """The BearerTokenBackends of AUTHENTICATION_BACKENDS, in order."""
    return [b for b in get_backends() if isinstance(b, BearerTokenBackend)]
