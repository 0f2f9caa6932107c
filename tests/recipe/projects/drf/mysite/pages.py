"""The project's own API views, from before the recipe."""

from rest_framework.permissions import IsAdminUser
from rest_framework.response import Response
from rest_framework.views import APIView


class Me(APIView):
    """Who is calling: for any logged-in user (the project's default permission)."""

    def get(self, request):
        return Response({"user": request.user.get_username()})


class StaffOnly(APIView):
    """For the staff only."""

    permission_classes = [IsAdminUser]

    def get(self, request):
        return Response({"staff": True})
