"""Views of the tutorial project."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


# --8<-- [start:secret-page]
@login_required
def secret_page(request):
    """A page for logged-in users; a valid Bearer token logs its user in."""
    return HttpResponse("Secret contents!", status=200)


# --8<-- [end:secret-page]
