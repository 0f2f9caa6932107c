"""
What request.user is for a token login: the token's user, without the rights
of staff.
"""

import copy
import inspect

from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied
from django.utils.functional import LazyObject

# Django's permission API: has_perm(), get_all_permissions(), their async
# forms, and whatever a later Django adds to PermissionsMixin.
PERMISSION_METHODS = frozenset(
    name for name, value in vars(PermissionsMixin).items() if inspect.isfunction(value)
)


class TokenUser(LazyObject):
    """
    The user of a token login, as a view sees it: the same user in every way,
    but `is_staff` and `is_superuser` read False.

    Staff-only pages come in many shapes: the admin, admindocs,
    staff_member_required, user_passes_test(lambda u: u.is_staff), a view that
    calls an admin view. Each of them asks request.user, so each of them
    refuses a token, however it is written. A superuser's token still opens
    their ordinary pages, as an ordinary user.

    Nothing is ever saved changed: the two attributes live on this class, not
    on the user object inside, so request.user.save() writes the user's own
    values. Permissions are asked with this wrapper as the user: the user's own
    and their groups' permissions, never a superuser's "all of them".

    It is a LazyObject, as the request.user that AuthenticationMiddleware sets
    is one: isinstance(), ==, foreign keys and queries see the user inside.
    """

    is_staff = False
    is_superuser = False

    def __init__(self, user):
        super().__init__()
        # A copy: the permission caches that this wrapper's checks store on
        # the user never mix with those of the access token's user object.
        self._wrapped = copy.copy(user)

    def __getattr__(self, name):
        if name in PERMISSION_METHODS:
            return self._permission_method(name)
        return getattr(self._wrapped, name)

    def _permission_method(self, name):
        """
        Django's own method, bound to this wrapper, so that every backend sees
        is_superuser False. A user model without PermissionsMixin answers
        permissions itself, often "all of them" for its admins: a token login
        gets what an anonymous user gets instead.
        """
        if isinstance(self._wrapped, PermissionsMixin):
            return getattr(PermissionsMixin, name).__get__(self)
        return getattr(AnonymousUser(), name)

    # A copy, or a pickled and loaded request.user, stays a token login.
    def __copy__(self):
        return type(self)(self._wrapped)

    def __deepcopy__(self, memo):
        return type(self)(copy.deepcopy(self._wrapped, memo))

    def __reduce__(self):
        return (type(self), (self._wrapped,))


def refuse_session_login(sender, request, user, **kwargs):
    """
    A token login never becomes a session login. login(request, request.user)
    keeps only the user's id in the session, and the session's next request
    loads the user from the database, with every right this wrapper held back.
    The session that login() began is emptied before Django answers 403. A
    project that means a token to open a session logs in the token's own
    user, request.bearer_token.user, and says so in its code.
    """
    if isinstance(user, TokenUser):
        request.session.flush()
        raise PermissionDenied("A token login cannot start a session.")


def connect():
    """Connect the receiver above to every login."""
    user_logged_in.connect(refuse_session_login)
