"""
DOT's OAuth2 validator, with a cheaper query for the token of a request.
"""

import hashlib

from oauth2_provider.models import get_access_token_model
from oauth2_provider.oauth2_validators import OAuth2Validator

AccessToken = get_access_token_model()


class BearerTokenValidator(OAuth2Validator):
    """
    Finds a request's token with .get() instead of DOT's .first().

    .first() makes Django order the rows by id, and building that ORDER BY
    and the two joins costs more than the rest of a token request. The token
    checksum is unique, so .get() finds the same token, in the same one query.
    """

    def _load_access_token(self, token):
        checksum = hashlib.sha256(token.encode("utf-8")).hexdigest()
        try:
            return AccessToken.objects.select_related("application", "user").get(
                token_checksum=checksum
            )
        except AccessToken.DoesNotExist:
            return None
