from django.apps import AppConfig


class TokenauthConfig(AppConfig):
    """Bearer-token login for ordinary Django views, on top of django-oauth-toolkit."""

    name = "tokenauth"

    def ready(self):
        # Registers the system checks that guard the settings below.
        from . import checks  # noqa: F401
