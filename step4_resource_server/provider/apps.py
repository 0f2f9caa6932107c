from django.apps import AppConfig


class ProviderConfig(AppConfig):
    """Command-line helpers for the OAuth2 provider (see its management commands)."""

    name = "provider"
