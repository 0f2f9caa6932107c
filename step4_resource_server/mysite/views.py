"""Views of the tutorial project."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from tokenauth.decorators import token_required


# --8<-- [start:home]
def home(request):
    """What there is to try, with links: the answer at / of `make run`."""
    return render(request, "home.html")


# --8<-- [end:home]


# --8<-- [start:secret-page]
@login_required
def secret_page(request):
    """For logged-in users: by session, or by a valid Bearer token."""
    # Text ends with a newline, so that a shell's prompt starts on a line of its own.
    return HttpResponse("Secret contents!\n", content_type="text/plain")


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
