from django.apps import AppConfig
from django.core import checks


class TokenauthConfig(AppConfig):
    """Bearer-token login for ordinary Django views, on top of django-oauth-toolkit."""

    name = "tokenauth"

    def ready(self):
        from . import checks as token_checks
        from . import guards, signals, users

        # The system checks that guard the settings token logins depend on.
        for check in token_checks.ALL:
            checks.register(check, checks.Tags.security)
        # A password change revokes the user's tokens.
        signals.connect()
        # A token login cannot change the provider's records.
        guards.connect()
        # Nor become a session login, which would carry staff rights.
        users.connect()
