"""
Error reports that never show a token, not even on the DEBUG page.
"""

from django.views.debug import SafeExceptionReporterFilter


class TokenReporterFilter(SafeExceptionReporterFilter):
    """
    Django's filter hides the variables of the functions marked
    sensitive_variables(), such as the ones that hold a request's token, but
    only with DEBUG off. An error page or an error tool that records local
    variables would otherwise keep live tokens; this filter always hides them.

    It also hides the POST parameters that carry OAuth2 credentials, at DOT's
    endpoints and at any view of the project: Django hides POST data only for
    the views marked sensitive_post_parameters(), and DOT marks none.
    """

    #: RFC 6749, 6750, 7009 and 7636 send these in a form body.
    credential_parameters = frozenset(
        {
            "access_token",
            "client_secret",
            "code",
            "code_verifier",
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
