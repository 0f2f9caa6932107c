"""Views of the tutorial project."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_http_methods

from tokenauth.decorators import token_required


# --8<-- [start:secret-page]
@login_required
def secret_page(request):
    """For logged-in users: by session, or by a valid Bearer token."""
    return HttpResponse("Secret contents!", status=200)


# --8<-- [end:secret-page]


# --8<-- [start:api-echo]
@token_required
@require_http_methods(["GET", "POST"])
def api_echo(request):
    """For API clients: who the token belongs to, and how much was POSTed."""
    answer = {"user": request.user.get_username()}
    if request.method == "POST":
        # Safe to read even after a multipart upload: the token backend
        # never parses the body, so it is still there to read.
        answer["received_bytes"] = len(request.body)
    return JsonResponse(answer)


# --8<-- [end:api-echo]
