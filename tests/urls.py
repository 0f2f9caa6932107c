"""
A test-only URL conf: the step's own URLs, plus views that report who a
request is authenticated as. Tests opt in with @pytest.mark.urls("tests.urls").
"""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


def describe(request):
    """request.user as a view sees it, and the user the token middleware cached."""
    if not hasattr(request, "user"):
        return {"has_user": False, "user": None, "cached_user": None}
    cached = getattr(request, "_cached_user", None)
    return {
        "has_user": True,
        "user": request.user.get_username() or None,
        "cached_user": cached.get_username() if cached else None,
    }


def whoami(request):
    return JsonResponse(describe(request))


async def whoami_async(request):
    user = await request.auser()
    return JsonResponse({"user": user.get_username() or None})


@csrf_exempt
def body_size(request):
    """A view that reads the raw body, as an upload or webhook handler does."""
    return JsonResponse({"bytes": len(request.body)})


@csrf_exempt
def file_names(request):
    """A view that reads uploads the parsed way, through request.FILES."""
    return JsonResponse({"files": [upload.name for upload in request.FILES.values()]})


def broken(request):
    """A view with a bug, for the error pages."""
    raise RuntimeError("a bug in a view")


urlpatterns = [
    path("broken", login_required(broken)),
    path("whoami", whoami),
    path("whoami/login-required", login_required(whoami)),
    path("whoami/async", login_required(whoami_async)),
    path("body-size", body_size),
    path("file-names", file_names),
    path("", include("mysite.urls")),
]
