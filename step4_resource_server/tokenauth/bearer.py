"""
Reading the Bearer credentials of a request, exactly as RFC 6750 defines them.
"""

import re

from django.views.decorators.debug import sensitive_variables

# RFC 6750, section 2.1: credentials = "Bearer" 1*SP b64token. The scheme is
# case-insensitive (RFC 9110, section 11.1); only the ASCII space separates it
# from the token, and the token is ASCII letters, digits and -._~+/ then "=".
CREDENTIALS = re.compile(r"(?i:bearer) +([A-Za-z0-9\-._~+/]+=*)", re.ASCII)
SCHEME = re.compile(r"(?i:bearer)(?:\s|$)")


@sensitive_variables()
def bearer_token(request):
    """The request's Bearer token, or None when it has no well-formed one."""
    match = CREDENTIALS.fullmatch(request.META.get("HTTP_AUTHORIZATION", ""))
    return match[1] if match else None


def sent_bearer_scheme(request):
    """Whether the Authorization header names the Bearer scheme, well-formed or not."""
    return SCHEME.match(request.META.get("HTTP_AUTHORIZATION", "")) is not None
