"""
A test-only URL conf for step 3's decorators: the step's own URLs, plus an
async API view and staff pages marked token_login_exempt.
"""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.urls import include, path

from tests.urls import whoami, whoami_async
from tokenauth.decorators import token_login_exempt, token_required


@token_required
async def api_whoami_async(request):
    user = await request.auser()
    return JsonResponse({"user": user.get_username()})


urlpatterns = [
    path("api/async", api_whoami_async),
    path("staff/report", token_login_exempt(login_required(whoami))),
    path("staff/report-async", login_required(token_login_exempt(whoami_async))),
    path("", include("mysite.urls")),
]
