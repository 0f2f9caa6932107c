"""
DOT's OAuth2 validator, with a cheaper query for the token of a request.
"""

import hashlib

from oauth2_provider.models import get_access_token_model, get_application_model
from oauth2_provider.oauth2_validators import OAuth2Validator

AccessToken = get_access_token_model()
Application = get_application_model()


class BearerTokenValidator(OAuth2Validator):
    """
    DOT's validator, finding a request's token with a query that is cheaper
    for Django to build: still one query, for the same token and user.

    * .get() instead of DOT's .first(): .first() makes Django order the rows
      by id, and building that ORDER BY costs more than it saves. The token
      checksum is unique, so .get() finds the same token.
    * No join to the application, whose columns are the most of DOT's query.
      DOT only asks the token's application is_usable(), which reads none of
      them (unless a project's own Application model makes it: then each
      column it reads costs a query of its own).
    """

    def _load_access_token(self, token):
        checksum = hashlib.sha256(token.encode("utf-8")).hexdigest()
        try:
            access_token = AccessToken.objects.select_related("user").get(
                token_checksum=checksum
            )
        except AccessToken.DoesNotExist:
            return None
        if access_token.application_id is not None:
            # The application as .only("id") would load it, from the id that
            # the token's row holds: its other columns load if read.
            access_token.application = Application.from_db(
                access_token._state.db,
                [Application._meta.pk.attname],
                [access_token.application_id],
            )
        return access_token
