"""
Error reports that never show a token, not even on the DEBUG page.
"""

from contextlib import suppress
from urllib.parse import quote_plus

from django.views.debug import SafeExceptionReporterFilter


class TokenReporterFilter(SafeExceptionReporterFilter):
    """
    Django's filter hides the variables of the functions marked
    sensitive_variables(), such as the ones that hold a request's token, but
    only with DEBUG off. An error page or an error tool that records local
    variables would otherwise keep live tokens; this filter always hides them.

    It also hides the POST parameters that carry OAuth2 credentials, at DOT's
    endpoints and at any view of the project: Django hides POST data only for
    the views marked sensitive_post_parameters(), and DOT marks none. And it
    hides every local variable that holds one of the request's credentials:
    DOT and oauthlib keep the raw body and headers in theirs, which the DEBUG
    page and an HTML report show.
    """

    #: RFC 6749, 6750, 7009, 7636 and 8628 send these in a form body.
    credential_parameters = frozenset(
        {
            "access_token",
            "client_secret",
            "code",
            "code_verifier",
            "device_code",
            "password",
            "refresh_token",
            "token",
        }
    )

    def is_active(self, request):
        return True

    def get_post_parameters(self, request):
        parameters = super().get_post_parameters(request)
        found = self.credential_parameters.intersection(parameters)
        if not found:
            return parameters
        cleansed = parameters.copy()
        for name in found:
            cleansed[name] = self.cleansed_substitute
        return cleansed

    def get_traceback_frame_variables(self, request, tb_frame):
        variables = super().get_traceback_frame_variables(request, tb_frame)
        secrets = self.sent_credentials(request)
        return [
            (name, self.cleansed_substitute if holds_any(value, secrets) else value)
            for name, value in variables
        ]

    def sent_credentials(self, request):
        """
        The credentials the request sends, as they are and form-encoded: the
        Authorization header's, and the credential parameters of the query
        string and the form.
        """
        if request is None:
            return set()
        sent = [request.headers.get("Authorization", "").partition(" ")[2]]
        for parameters in (request.GET, request.POST):
            for name in self.credential_parameters.intersection(parameters):
                sent.extend(parameters.getlist(name))
        return {form for value in sent if value for form in (value, quote_plus(value))}


def holds_any(value, secrets):
    """Whether a variable's value, as an error report shows it, holds a secret."""
    with suppress(Exception):  # a broken __repr__: Django's report says so itself
        shown = repr(value)
        return any(secret in shown for secret in secrets)
    return False
