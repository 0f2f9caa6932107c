"""Views of your project: step 3's two, for people and for programs."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_http_methods

from tokenauth.decorators import token_required


# Step 3's views, as they are there.
