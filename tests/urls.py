"""
A test-only URL conf: the step's own URLs, plus views that report who the
request is authenticated as. Tests opt in with @pytest.mark.urls("tests.urls").
"""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.urls import include, path


def whoami(request):
    """Report request.user as the view sees it, and what the middleware cached."""
    if not hasattr(request, "user"):
        return JsonResponse({"user": None, "cached_user": None, "has_user": False})
    cached = getattr(request, "_cached_user", None)
    return JsonResponse(
        {
            "has_user": True,
            "user": request.user.get_username() or None,
            "cached_user": cached.get_username() or None if cached else None,
        }
    )


urlpatterns = [
    path("whoami", whoami),
    path("whoami/login-required", login_required(whoami)),
    path("", include("mysite.urls")),
]
