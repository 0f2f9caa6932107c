"""
A password change ends the user's token logins, as it ends their other sessions.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher, identify_hasher
from django.db.models.signals import post_save, pre_save
from oauth2_provider.models import get_access_token_model, get_refresh_token_model

from .guards import provider_changes_allowed


def revoke_user_tokens(user):
    """
    Revoke every access and refresh token of `user`. Call it wherever your
    project changes a user's credentials in a way that save() does not see:
    QuerySet.update(), bulk_update(), raw SQL.
    """
    # Revoking takes rights away, so it may happen during a token login too.
    with provider_changes_allowed():
        # DOT's own revoke() methods: a refresh token revokes its access token too.
        refresh_tokens = get_refresh_token_model().objects.filter(user=user)
        for refresh_token in refresh_tokens.filter(revoked__isnull=True):
            refresh_token.revoke()
        for access_token in get_access_token_model().objects.filter(user=user):
            access_token.revoke()


def note_password_change(sender, instance, update_fields=None, **kwargs):
    """Before a user is saved, note whether their password changes."""
    if not issubclass(sender, get_user_model()):
        return
    if instance.pk is None or (update_fields and "password" not in update_fields):
        instance._tokenauth_password_changed = False
        return
    stored = (
        sender._default_manager.filter(pk=instance.pk)
        .values_list("password", flat=True)
        .first()
    )
    instance._tokenauth_password_changed = (
        stored is not None
        and stored != instance.password
        and not is_hash_upgrade(stored, instance, update_fields)
    )


def is_hash_upgrade(stored, user, update_fields):
    """
    Whether a new hash is Django's upgrade of the same password: at a login,
    check_password() hashes the password again with the current hasher or
    iteration count, marks it as no change (user._password is None), and saves
    the password field alone. Anything else is a change: set_password() since
    the last save leaves the raw password in _password, and
    set_unusable_password() or a hash assigned by hand leave a hash that no
    login made, or save other fields too.
    """
    if getattr(user, "_password", None) is not None:
        return False
    if set(update_fields or ()) != {"password"}:
        return False
    preferred = get_hasher("default")
    try:
        old, new = identify_hasher(stored), identify_hasher(user.password)
    except ValueError:
        return False  # an unusable password: no login makes one or upgrades it
    return (
        new.algorithm == preferred.algorithm
        and not preferred.must_update(user.password)
        and (old.algorithm != preferred.algorithm or preferred.must_update(stored))
    )


def end_token_logins(sender, instance, created, **kwargs):
    """After a user is saved with a new password, revoke their tokens."""
    if getattr(instance, "_tokenauth_password_changed", False):
        revoke_user_tokens(instance)


def connect():
    """
    Connect the receivers above to every save: Django sends the signals of a
    save with the class saved, which for a proxy or a child of the user model
    is not the user model itself.
    """
    pre_save.connect(note_password_change)
    post_save.connect(end_token_logins)
