"""
The answer to a request whose token could not be checked: retry later.
"""

from contextvars import ContextVar

from django.http import JsonResponse
from django.shortcuts import render

from . import breaker

#: Set by the validator when the provider could not say whether this
#: request's token is good, and nothing known about it holds.
unverified = ContextVar("unverified", default=False)


# --8<-- [start:middleware]
class RetryLaterMiddleware:
    """
    Answers 503 with Retry-After, not a refusal, when the request's token
    could not be checked because the provider did not answer: an API client
    that gets 401 throws its token away and asks the provider for a new one,
    which is more load on a provider that is already struggling, and a person
    sent to the login page has nothing to log in to.

    It belongs right after tokenauth's BearerTokenMiddleware, which checks
    the token in its process_view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reset = unverified.set(False)
        try:
            response = self.get_response(request)
            if response.status_code == 401 and unverified.get():
                # A later check of the token, such as token_required's, could
                # not reach the provider either: not a refusal.
                return self.retry_later(request)
            return response
        finally:
            unverified.reset(reset)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not unverified.get() or request.user.is_authenticated:
            return None
        return self.retry_later(request)

    def retry_later(self, request):
        wanted = request.get_preferred_type(["application/json", "text/html"])
        if wanted == "text/html":
            response = render(request, "introspection/try_again.html", status=503)
        else:
            response = JsonResponse({"error": "temporarily_unavailable"}, status=503)
        response["Retry-After"] = str(breaker.retry_after())
        return response


# --8<-- [end:middleware]
