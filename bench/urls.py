"""Step 3's URLs, plus a view that does nothing, the baseline of every ratio."""

from django.http import HttpResponse
from django.urls import include, path


def plain(request):
    return HttpResponse("plain")


urlpatterns = [path("plain", plain), path("", include("mysite.urls"))]
