"""The project's own views, from before the recipe."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.views import View


@method_decorator(staff_member_required, name="dispatch")
class StaffView(View):
    """A page of the project's own for its staff, class-based."""

    def get(self, request):
        return HttpResponse("Staff only")
