"""
A token login never changes the provider's records: a token cannot approve a
client, mint a grant, or manage applications or authorized tokens.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models.signals import pre_delete, pre_save
from oauth2_provider import models

#: The AccessToken that logged in the request being answered, or None.
#: BearerTokenMiddleware sets it once it logs a token's user in, and clears it
#: when the response is ready.
current_token_login = ContextVar("current_token_login", default=None)

# Every record that DOT keeps, swapped models included.
PROVIDER_MODELS = (
    models.get_application_model,
    models.get_grant_model,
    models.get_access_token_model,
    models.get_refresh_token_model,
    models.get_id_token_model,
    models.get_device_grant_model,
)


def refuse_provider_changes(sender, instance=None, **kwargs):
    """
    Refuse to save or delete a provider record during a token login.

    BearerTokenMiddleware keeps tokens out of DOT's views, but a project may
    reach them in ways that no view check sees: a function that calls DOT's
    view, a subclass, a view of its own. Whatever the view, DOT acts through
    these models, and here a token login stops it; Django answers 403.
    """
    if current_token_login.get() is not None and issubclass(sender, provider_models()):
        raise PermissionDenied(
            "A token login cannot change OAuth2 applications, grants or tokens."
        )


def provider_models():
    """The provider's model classes: a save of a proxy or child is one of theirs."""
    return tuple(get_model() for get_model in PROVIDER_MODELS)


@contextmanager
def provider_changes_allowed():
    """Let the code inside change provider records, even in a token login."""
    reset = current_token_login.set(None)
    try:
        yield
    finally:
        current_token_login.reset(reset)


def connect():
    """
    Connect the guard to every save, and to the deletes of the provider's
    models. Deletes are connected model by model, when the app is ready:
    a pre_delete receiver for every model would stop Django from deleting
    the rows of any model in bulk.
    """
    pre_save.connect(refuse_provider_changes)
    provider = provider_models()
    for model in apps.get_models():
        if issubclass(model, provider):
            pre_delete.connect(refuse_provider_changes, sender=model)
