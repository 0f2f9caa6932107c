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
    """

    def is_active(self, request):
        return True
