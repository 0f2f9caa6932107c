"""The provider's one model of its own: which applications are resource servers."""

from django.db import models
from oauth2_provider.settings import oauth2_settings


class ResourceServer(models.Model):
    """
    An application that `manage.py resourceserver` registered. Only these may
    ask the provider about tokens, and that command touches no other
    application: one that a user registered under the same name stays theirs.
    """

    application = models.OneToOneField(
        oauth2_settings.APPLICATION_MODEL,
        on_delete=models.CASCADE,
        related_name="resource_server",
    )

    def __str__(self):
        return f"{self.application.name} ({self.application.client_id})"
