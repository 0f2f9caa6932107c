"""
The resource server's check of a Bearer token: it asks the provider that
issued the token (RFC 7662 introspection) and believes the answer for a
bounded time, the revocation lag.
"""

import hashlib
import logging
import time
from datetime import UTC, datetime, timedelta

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from oauth2_provider.models import get_access_token_model
from oauth2_provider.settings import oauth2_settings

from .validators import BearerTokenValidator

log = logging.getLogger(__name__)
AccessToken = get_access_token_model()

# What the cache holds for a token: the provider's answer, or that a worker is
# asking for it right now.
ACTIVE, INACTIVE, ASKING = "active", "inactive", "asking"
# Set for the lag after the provider failed to answer: nobody asks meanwhile.
PROVIDER_DOWN = "introspection:provider-down"


# --8<-- [start:validator]
class IntrospectionValidator(BearerTokenValidator):
    """
    DOT's validator, with its introspection made safe to scale.

    DOT keeps a good answer in the AccessToken table for up to ten hours, asks
    again at every request with a token it holds no good answer for, waits for
    the provider without a time limit, and creates a user for any username the
    provider names. This one:

    * believes every answer, good or bad, for the lag only
      (RESOURCE_SERVER_TOKEN_CACHING_SECONDS), and asks about a token at most
      once in that time, however many requests and workers carry it;
    * waits TOKEN_INTROSPECTION_TIMEOUT seconds at most; after a failure it
      asks nothing for the lag, so that new tokens are refused at once while
      the tokens it knows keep working;
    * creates no user (see local_user).
    """

    def _get_token_from_authentication_server(
        self, token, introspection_url, introspection_token, introspection_credentials
    ):
        # DOT calls this when the AccessToken table has no valid row for the token.
        checksum = hashlib.sha256(token.encode("utf-8")).hexdigest()
        key = f"introspection:{checksum}"
        wait = 2 * self.timeout()  # to connect, then to read the answer
        answer = cache.get(key)
        if answer is None and not cache.get(PROVIDER_DOWN):
            if cache.add(key, ASKING, timeout=wait + 1):
                answer = self.introspect(
                    token, checksum, introspection_url, introspection_token
                )
            else:
                answer = cache.get(key)
        deadline = time.monotonic() + wait
        while answer == ASKING and time.monotonic() < deadline:
            time.sleep(0.05)  # another worker is asking: wait for its answer
            answer = cache.get(key)
        return self._load_access_token(token) if answer == ACTIVE else None

    def introspect(self, token, checksum, url, bearer_token):
        """Ask the provider; keep its answer in the cache, and a good one as a row."""
        key = f"introspection:{checksum}"
        lag = oauth2_settings.RESOURCE_SERVER_TOKEN_CACHING_SECONDS
        try:
            response = requests.post(
                url,
                data={"token": token},
                headers={"Authorization": f"Bearer {bearer_token}"},
                timeout=self.timeout(),
            )
            response.raise_for_status()
            content = response.json()
        except (requests.RequestException, ValueError) as error:
            log.warning("Introspection failed; asking nothing for %ss: %s", lag, error)
            cache.set(PROVIDER_DOWN, True, timeout=lag)
            cache.delete(key)
            return None
        expires = timezone.now() + timedelta(seconds=lag)
        if isinstance(content.get("exp"), int):
            expires = min(expires, datetime.fromtimestamp(content["exp"], tz=UTC))
        user = self.local_user(content.get("username"))
        audience = content.get("aud", [])
        audience = [audience] if isinstance(audience, str) else audience
        if (
            content.get("active") is not True
            or user is None
            or not isinstance(audience, list)
            or not all(isinstance(uri, str) for uri in audience)
        ):
            cache.set(key, INACTIVE, timeout=lag)
            return INACTIVE
        AccessToken.objects.update_or_create(
            token_checksum=checksum,
            # No copy of the token itself: the checksum finds the row.
            defaults={
                "token": "",
                "user": user,
                "application": None,
                "scope": content.get("scope", ""),
                "expires": expires,
                "resource": audience,
            },
        )
        # Gone from the cache when the row expires, so that DOT asks again then.
        cache.set(key, ACTIVE, timeout=(expires - timezone.now()).total_seconds())
        return ACTIVE

    def local_user(self, username):
        """
        The account on this server of the provider's user `username`: one that
        exists already and has no usable password. A person who picks the name
        of a local account at the provider, "admin" say, gets nothing here:
        accounts that log in with a password on this server are never lent to
        a token, and no account is created for a name the provider sends.
        """
        User = get_user_model()
        user = User._default_manager.filter(
            **{User.USERNAME_FIELD: username or ""}
        ).first()
        return user if user is not None and not user.has_usable_password() else None

    @staticmethod
    def timeout():
        return settings.TOKEN_INTROSPECTION_TIMEOUT


# --8<-- [end:validator]
