"""
The middleware that logs in the user of a valid Bearer token, for one request.
"""

from contextlib import suppress
from types import FunctionType

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.cache import patch_vary_headers
from django.views.decorators.debug import sensitive_variables
from oauth2_provider.middleware import OAuth2TokenMiddleware

from .backends import token_backends
from .bearer import bearer_token
from .guards import current_token_login


class BearerTokenMiddleware(OAuth2TokenMiddleware):
    """
    DOT's OAuth2TokenMiddleware, with five changes.

    * It decides in process_view, once the URL is resolved, so it knows the
      view that will run, however the project mounts it.
    * request.user is the backend's token_user(): by default a TokenUser,
      without staff or superuser rights, so that no staff-only page opens
      with a token, whatever its shape.
    * The views of an admin site or of DOT, and views marked with
      token_login_exempt, never accept a token; and until the response is
      ready, the provider's records refuse every change (see guards.py): a
      token cannot approve a client or manage applications, however the
      project reaches DOT's views.
    * Async views see the token's user too: Django's login_required awaits
      request.auser(), which DOT's middleware leaves to the session.
    * A bad token is not reported as a failed password login. It asks the
      token backends directly, where authenticate() would send the
      user_login_failed signal that lockout tools count.

    It belongs right after AuthenticationMiddleware: a user logged in by
    session keeps the request, and a token is only looked up for anonymous
    requests.
    """

    #: Views from these packages never accept a token login.
    excluded_packages = ("django.contrib.admin", "oauth2_provider")

    def __init__(self, get_response):
        if not apps.is_installed("tokenauth"):
            # Its system checks and its password-change signal live in the app.
            raise ImproperlyConfigured(
                "BearerTokenMiddleware needs 'tokenauth' in INSTALLED_APPS."
            )
        # gunicorn and uWSGI run no system checks: the one error that lets
        # tokens into the admin stops the server itself (checks imports this
        # module, hence the import here).
        from .checks import check_other_token_middleware

        errors = check_other_token_middleware(None)
        if errors:
            raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")
        super().__init__(get_response)

    def __call__(self, request):
        try:
            response = self.get_response(request)
        finally:
            # The token login, and the guard on the provider's records, end
            # with the request: the next one in this thread starts without.
            current_token_login.set(None)
        # The same address answers differently with another token.
        patch_vary_headers(response, ("Authorization",))
        return response

    @sensitive_variables()
    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            bearer_token(request) is None
            or (hasattr(request, "user") and request.user.is_authenticated)
            or self.refuses_tokens(view_func)
        ):
            return None
        for backend in token_backends():
            access_token = backend.verified_token(request)
            if access_token is not None:
                user = backend.token_user(access_token)
                # _cached_user serves request.user; _acached_user, request.auser().
                request.user = request._cached_user = request._acached_user = user
                # Lets token_required tell this login apart from any other.
                request.bearer_token = access_token
                current_token_login.set(access_token)
                return None
        return None

    def refuses_tokens(self, view_func):
        """Whether the view is token_login_exempt or from an excluded package."""
        return any(
            (callable(part) and getattr(part, "token_login_exempt", False))
            or defined_in(part, self.excluded_packages)
            for part in view_parts(view_func)
        )


def token_login(request):
    """
    The AccessToken that BearerTokenMiddleware logged the request's user in
    with, or None: a session login, or an access_token that other middleware
    set, is not one.
    """
    access_token = getattr(request, "bearer_token", None)
    if access_token is None or access_token.user != request.user:
        return None
    return access_token


def view_parts(view_func):
    """
    The view and everything it is built from: what its decorators wrap, the
    class and instance of a method, a partial or a class-based view, and what
    its closures hold (AdminSite.admin_view() keeps the admin site only there).
    """
    seen, todo = set(), [view_func]
    while todo:
        part = todo.pop()
        if id(part) in seen:
            continue
        seen.add(id(part))
        yield part
        if not callable(part):
            continue  # an object a closure holds: looked at, not looked into
        for cell in getattr(part, "__closure__", None) or ():
            with suppress(ValueError):  # an empty cell: a name not assigned yet
                todo.append(cell.cell_contents)
        for name in ("__wrapped__", "__func__", "__self__", "func", "view_class"):
            if hasattr(part, name):
                todo.append(getattr(part, name))


def defined_in(part, packages):
    """Whether a function, a class or an object's class comes from `packages`."""
    # type(), not isinstance(): a lazy object answers isinstance() by evaluating.
    kind = type(part)
    if issubclass(kind, FunctionType):
        # functools.wraps copies __module__ onto a wrapper; a function's globals
        # are those of the module that defined it.
        modules = [part.__globals__.get("__name__", "")]
    else:
        cls = part if issubclass(kind, type) else kind
        modules = [base.__module__ for base in cls.__mro__]
    return any(
        module == package or module.startswith(package + ".")
        for module in modules
        for package in packages
    )
