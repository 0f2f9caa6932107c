"""The project's own views, from before the recipe."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse
from oauth2_provider.views.generic import ProtectedResourceView


class ApiEndpoint(ProtectedResourceView):
    """DOT's tutorial's API view: DOT checks the token, whatever its scopes."""

    def get(self, request, *args, **kwargs):
        return HttpResponse("Hello, OAuth2!")


@staff_member_required
def reports(request):
    """A page of the project's own for its staff, outside the admin."""
    return HttpResponse("Staff reports")
