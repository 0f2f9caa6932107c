"""
DOT's bridge to oauthlib, made to read a query string the way Django does.
"""

import re
from urllib.parse import urlsplit, urlunsplit

from oauth2_provider.oauth2_backends import OAuthLibCore

# A "%" that does not start an escape such as %2F.
STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class ProviderCore(OAuthLibCore):
    """
    oauthlib refuses a query string with a stray "%", such as ?q=%zz, with a
    ValueError that DOT does not catch: its token, revocation, introspection
    and device endpoints answered 500. Django reads such a "%" as itself, and
    so does this class, by escaping it as %25 before oauthlib parses it.
    """

    def _get_escaped_full_path(self, request):
        parts = urlsplit(super()._get_escaped_full_path(request))
        return urlunsplit(parts._replace(query=STRAY_PERCENT.sub("%25", parts.query)))
