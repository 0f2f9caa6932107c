from django.apps import AppConfig


class IntrospectionConfig(AppConfig):
    """The resource server's check of tokens at the provider (RFC 7662)."""

    name = "introspection"
