"""The project's own views, from before the recipe."""

from django.contrib.auth.decorators import user_passes_test
from django.http import HttpResponse


def dashboard(request):
    """Needs a login, as every view does under LoginRequiredMiddleware."""
    return HttpResponse(f"Dashboard of {request.user.get_username()}")


@user_passes_test(lambda user: user.is_staff)
def staff(request):
    """A page of the project's own for its staff."""
    return HttpResponse("Staff only")
