"""
A password change ends the user's token logins, as it ends their other sessions.
"""

from django.db.models.signals import post_save, pre_save
from oauth2_provider.models import get_access_token_model, get_refresh_token_model


def revoke_user_tokens(user):
    """
    Revoke every access and refresh token of `user`. Call it wherever your
    project changes a user's credentials in a way that save() does not see.
    """
    # DOT's own revoke() methods: a refresh token revokes its access token too.
    refresh_tokens = get_refresh_token_model().objects.filter(user=user)
    for refresh_token in refresh_tokens.filter(revoked__isnull=True):
        refresh_token.revoke()
    for access_token in get_access_token_model().objects.filter(user=user):
        access_token.revoke()


def note_password_change(sender, instance, update_fields=None, **kwargs):
    """Before a user is saved, note whether their password hash changes."""
    if instance.pk is None or (update_fields and "password" not in update_fields):
        instance._tokenauth_password_changed = False
        return
    stored = (
        sender._default_manager.filter(pk=instance.pk)
        .values_list("password", flat=True)
        .first()
    )
    instance._tokenauth_password_changed = (
        stored is not None and stored != instance.password
    )


def end_token_logins(sender, instance, created, **kwargs):
    """After a user is saved with a new password, revoke their tokens."""
    if getattr(instance, "_tokenauth_password_changed", False):
        revoke_user_tokens(instance)


def connect(user_model):
    """Connect the receivers above to the project's user model."""
    pre_save.connect(note_password_change, sender=user_model)
    post_save.connect(end_token_logins, sender=user_model)
