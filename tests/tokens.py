"""
Credentials as the tests make and send them: users' password, a stored
access token, and the Authorization headers of a token and of a client.
"""

import base64
from datetime import timedelta

PASSWORD = "correct horse battery staple"
# Registered without a port: DOT accepts any port on a loopback redirect URI.
REDIRECT_URI = "http://127.0.0.1/callback"


def create_access_token(user, *, scope=None, expires_in=3600, application=None):
    """
    Store an access token as a finished OAuth2 flow would; by default with
    every scope the provider offers. Needs Django set up, and a database.
    """
    from django.utils import timezone
    from oauth2_provider.models import get_access_token_model
    from oauth2_provider.settings import oauth2_settings
    from oauthlib.common import generate_token

    return get_access_token_model().objects.create(
        user=user,
        application=application,
        token=generate_token(),
        scope=" ".join(oauth2_settings.SCOPES) if scope is None else scope,
        expires=timezone.now() + timedelta(seconds=expires_in),
    )


def bearer(token):
    """The Authorization header of a request made with an access token."""
    return {"Authorization": f"Bearer {token}"}


def basic_auth(client_id, secret):
    """The Authorization header of a confidential client: HTTP Basic, id and secret."""
    credentials = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {credentials}"}
