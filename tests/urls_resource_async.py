"""
A test-only URL conf for step 4's resource server: its own URLs, plus an async
API view and an async login_required page, served the ASGI way.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.urls import include, path

from tokenauth.decorators import token_required


@token_required
async def api_async(request):
    user = await request.auser()
    return JsonResponse({"user": user.get_username()})


@login_required
async def page_async(request):
    return HttpResponse("Secret contents!\n", content_type="text/plain")


urlpatterns = [
    path("api/async", api_async),
    path("secret/async", page_async),
    path("", include("mysite.resource_urls")),
]
