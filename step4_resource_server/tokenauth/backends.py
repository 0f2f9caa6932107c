"""
The authentication backend that turns a Bearer token into its user.
"""

from oauth2_provider.backends import OAuth2Backend
from oauth2_provider.oauth2_backends import get_oauthlib_core

# Built once, like DOT's own backend does: building it for every request is slow.
oauthlib_core = get_oauthlib_core()


class BearerTokenBackend(OAuth2Backend):
    """
    DOT's OAuth2Backend, made safe to sit beside a login form.

    * It only answers BearerTokenMiddleware. A login form calls authenticate()
      with a username and a password, and DOT's backend would let the Bearer
      header of that request stand in for the password.
    * An inactive user's token logs nobody in, and neither does a session.
    * The token must have been granted `required_scopes`.
    * It reads the Authorization header only, never the body or the query
      string: DOT's backend parses request.POST, after which a view can no
      longer read request.body.
    """

    #: A token logs its user in only if it was granted all of these scopes.
    required_scopes = ["login"]

    def authenticate(self, request=None, **credentials):
        if request is None or credentials:
            return None
        valid, oauth_request = oauthlib_core.server.verify_request(
            request.build_absolute_uri(request.path),
            request.method,
            body=None,
            headers={"Authorization": request.META.get("HTTP_AUTHORIZATION", "")},
            scopes=self.required_scopes,
        )
        user = oauth_request.user if valid else None
        if user is None or not self.user_can_authenticate(user):
            return None
        # Lets a view tell a token login apart from a session login.
        request.access_token = oauth_request.access_token
        return user

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user):
        """Refuse inactive users, as Django's ModelBackend does."""
        return getattr(user, "is_active", True)
