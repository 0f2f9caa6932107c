"""
The resource server's check of a Bearer token: it asks the provider that
issued the token (RFC 7662 introspection), believes the answer for a bounded
time, the revocation lag, and keeps its users working while the provider is
busy or down for a while.
"""

import hashlib
import logging
import math
import threading
import time
from datetime import UTC, datetime

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from oauth2_provider.models import get_access_token_model
from oauth2_provider.settings import oauth2_settings

from tokenauth.validators import BearerTokenValidator

from . import breaker, counters
from .conf import setting
from .middleware import unverified
from .shared import cache

log = logging.getLogger(__name__)
AccessToken = get_access_token_model()

#: The share of the lag after which a token in use is asked about again, in
#: the background: a token in steady use is renewed before its answer ends.
REFRESH_AFTER = 2 / 3
#: How many of those questions a worker asks at once: a slow provider gets
#: no more than that from each worker, however many tokens come due.
REFRESHES_AT_ONCE = 4
refreshing = threading.BoundedSemaphore(REFRESHES_AT_ONCE)
#: How many good answers a worker remembers in its own memory, where the next
#: request with the token finds its answer without a trip to the cache.
REMEMBERED = 10_000
#: The latest expiry a DateTimeField holds, whatever the time zone: an exp
#: later than that (a provider's "never") is taken as that.
LATEST = datetime(9999, 1, 1, tzinfo=UTC).timestamp()


# --8<-- [start:validator]
class IntrospectionValidator(BearerTokenValidator):
    """
    DOT's validator, with its introspection made safe to scale and to fail.

    DOT keeps a good answer in the AccessToken table for up to ten hours, asks
    again at every request with a token it holds no good answer for, waits for
    the provider without a time limit, and creates a user for any username the
    provider names. This one:

    * keeps every answer in the shared cache, and a good one in the worker's
      memory too, until it comes due for a refresh: a token in use costs one
      query, for its account; the AccessToken table serves only while the
      cache is out of reach;
    * believes every answer, good or bad, for the lag only
      (RESOURCE_SERVER_TOKEN_CACHING_SECONDS), and asks about a token once
      in that time, however many requests and workers carry it: in the
      background, before the lag ends, for a good token still in use;
    * waits TOKEN_INTROSPECTION_TIMEOUT seconds at most, or REFRESH_TIMEOUT
      when it holds a good answer past the lag; when the provider cannot
      answer, it keeps a good answer for TOKEN_INTROSPECTION_STALE_SECONDS
      more; a token it knows nothing about is "unverified", which the
      RetryLaterMiddleware answers with 503 and Retry-After, never 401;
    * stops asking a provider that failed several times in a row, except for
      one probe at a time (see breaker.py);
    * lends a token no account that could do more than a user's own (see
      local_user), and creates none.
    """

    @sensitive_variables("token")
    def _load_access_token(self, token):
        # DOT looks for the token in its table first. Here a worker looks in
        # its own memory, then in the shared cache: DOT calls
        # _get_token_from_authentication_server next, which reads it. The
        # table only while the cache is out of reach, when keep() saves good
        # answers there instead.
        checksum = hashlib.sha256(token.encode("utf-8")).hexdigest()
        answer = memory.recall(checksum)
        if answer is not None:
            return self.access_token(checksum, answer)
        if not cache.out_of_reach:
            return None
        row = super()._load_access_token(token)
        # Its account, as any answer's, must still be one a token may use.
        return row if row is not None and self.lendable(row.user) else None

    @sensitive_variables("token")
    def _get_token_from_authentication_server(
        self, token, introspection_url, introspection_token, introspection_credentials
    ):
        # DOT calls this when _load_access_token found no valid token: for a
        # token the worker does not remember, or whose answer came due.
        checksum = hashlib.sha256(token.encode("utf-8")).hexdigest()
        provider = (introspection_url, introspection_token, introspection_credentials)
        state, [known, news] = breaker.read(key(checksum), key(checksum) + ":news")
        if known is None:
            # The cache cannot say, out of reach or emptied (a restart): what
            # this worker heard last, if anything, holds as the cache's answer
            # would, the stale window included.
            known = memory.last(checksum)
        if news is not None:
            # The provider's answer to a refresh asked ahead of the lag.
            cache.delete(key(checksum) + ":news")
            known, user = self.keep(checksum, news["content"], news["asked"])
            return self.access_token(checksum, known, user)
        if known is not None and time.time() < known["fresh_until"]:
            if known["active"] and time.time() >= known["refresh_after"]:
                # In the last part of the lag: the provider is asked again in
                # the background, and this request does not wait for it. (Not
                # while the cache, where the answer would wait, is out of reach.)
                if not cache.out_of_reach:
                    self.refresh_ahead(token, checksum, provider, state)
            elif known["active"]:
                memory.keep(checksum, known)  # another worker's, or kept already
            return self.access_token(checksum, known)
        # With a good answer to fall back on, a slow provider is not waited for.
        fallback = known is not None and known["active"]
        fallback = fallback and time.time() < known["stale_until"]
        asked = self.ask_once(token, checksum, provider, fallback, state)
        if asked is not None:
            return self.access_token(checksum, *asked)
        # The provider cannot answer now. "Not active" holds; so does a good
        # answer, for the stale window; about any other token we cannot say.
        if known is not None and time.time() < known["stale_until"]:
            if known["active"]:
                counters.add("stale")
            return self.access_token(checksum, known)
        counters.add("unverified")
        unverified.set(True)
        return None

    @sensitive_variables("token")
    def ask_once(self, token, checksum, provider, fallback, state):
        """
        The provider's answer and the account it names, asked by one worker
        for all that carry the token; None when the provider cannot answer or
        the breaker is open. With a `fallback`, it waits less for the
        provider, and not at all for another worker.
        """
        if not breaker.allows_a_request(state):
            return None
        asking = key(checksum) + ":asking"
        wait = 2 * self.timeout()  # to connect, then to read the answer
        if cache.add(asking, True, timeout=wait + 1):
            timeout = setting(
                "TOKEN_INTROSPECTION_REFRESH_TIMEOUT"
                if fallback
                else "TOKEN_INTROSPECTION_TIMEOUT"
            )
            try:
                asked_at = time.time()
                content = self.ask(token, *provider, timeout, state)
                return (
                    None if content is None else self.keep(checksum, content, asked_at)
                )
            finally:
                cache.delete(asking)
        if fallback:
            return None
        deadline = time.monotonic() + wait
        while cache.get(asking) and time.monotonic() < deadline:
            time.sleep(0.05)  # another worker is asking: wait for its answer
        answer = cache.get(key(checksum))
        fresh = answer is not None and time.time() < answer["fresh_until"]
        return (answer, None) if fresh else None

    @sensitive_variables("token")
    def refresh_ahead(self, token, checksum, provider, state):
        """
        Ask the provider about a token in a thread of its own, one worker for
        all, and leave the answer in the cache for the next request to use:
        a token in steady use is never waited on, and is still asked about
        within the lag. The thread only talks HTTP and to the cache; the
        database is left to the requests. A worker runs REFRESHES_AT_ONCE such
        threads at most: past that, a token waits for a later request, or
        is asked about when its lag ends, as a token not in use is.
        """
        if not refreshing.acquire(blocking=False):
            return
        asking = key(checksum) + ":asking"
        if not breaker.allows_a_request(state) or not cache.add(
            asking, True, timeout=2 * self.timeout() + 1
        ):
            refreshing.release()
            return

        @sensitive_variables("token")
        def fetch():
            try:
                asked_at = time.time()
                content = self.ask(token, *provider, self.timeout(), state)
                if content is not None:
                    news = {"content": content, "asked": asked_at}
                    lag = oauth2_settings.RESOURCE_SERVER_TOKEN_CACHING_SECONDS
                    cache.set(key(checksum) + ":news", news, timeout=lag)
            finally:
                cache.delete(asking)
                refreshing.release()

        threading.Thread(target=fetch, daemon=True).start()

    @sensitive_variables("token")
    def ask(self, token, url, bearer_token, credentials, timeout, state):
        """The provider's answer, a dict; None if it gave none."""
        counters.add("asked")
        try:
            response = session(url).post(
                url,
                data={"token": token},
                # A token of the resource server's own, or its client id and
                # secret (HTTP Basic), as DOT's settings give them.
                headers={"Authorization": f"Bearer {bearer_token}"}
                if bearer_token
                else None,
                auth=None if bearer_token else tuple(credentials),
                timeout=timeout,
            )
            response.raise_for_status()
            content = response.json()
            if not isinstance(content, dict):
                raise ValueError("the answer is JSON, but not an object")
        except (requests.RequestException, ValueError) as error:
            counters.add("failed")
            log.warning("Introspection failed: %s", error)
            breaker.failed(error)
            return None
        breaker.succeeded(state)
        return content

    def keep(self, checksum, content, asked_at):
        """
        Keep what the provider said at `asked_at`, in the cache; while the
        cache is out of reach, a good answer as a row of the AccessToken
        table, which DOT's own lookup finds until the answer comes due for a
        refresh. Returns the answer and the account it names.
        """
        answer, user = self.read(content, asked_at)
        lag = oauth2_settings.RESOURCE_SERVER_TOKEN_CACHING_SECONDS
        stale = setting("TOKEN_INTROSPECTION_STALE_SECONDS")
        cache.set(key(checksum), answer, timeout=lag + stale)
        if not answer["active"]:
            memory.forget(checksum)  # revoked stays revoked, whatever is down
            return answer, user
        memory.keep(checksum, answer)
        if cache.out_of_reach:  # the set() failed
            self.save_row(checksum, answer)
        return answer, user

    def save_row(self, checksum, answer):
        """A good answer as a row of the AccessToken table, until it comes due."""
        row = AccessToken(
            # No copy of the token itself: the checksum finds the row.
            token="",
            token_checksum=checksum,
            user_id=answer["user"],
            scope=answer["scope"],
            expires=as_datetime(answer["refresh_after"]),
            resource=answer["resource"],
        )
        # One statement, insert or update, where update_or_create takes four.
        AccessToken.objects.bulk_create(
            [row],
            update_conflicts=True,
            unique_fields=["token_checksum"],
            update_fields=["user", "scope", "expires", "resource"],
        )

    def read(self, content, asked_at):
        """
        What the cache keeps of the provider's answer given at `asked_at`,
        and the account it names (or None): whether the token is active here,
        its account, scope, audience and expiry, until when the answer is
        fresh (the lag), when it is asked about again (ahead of the lag) and,
        should the provider fail, until when it holds (stale).
        """
        lag = oauth2_settings.RESOURCE_SERVER_TOKEN_CACHING_SECONDS
        until = asked_at + lag
        stale = until + setting("TOKEN_INTROSPECTION_STALE_SECONDS")
        refused = {"active": False, "fresh_until": until, "stale_until": stale}
        if content.get("active") is not True:
            counters.add("refused:inactive")
            return refused, None
        exp, scope = content.get("exp"), content.get("scope", "")
        audience = content.get("aud", [])
        audience = [audience] if isinstance(audience, str) else audience
        if (
            # RFC 7519 allows a fractional exp; a bool is not a number here.
            (exp is not None and not is_time(exp))
            or (exp is not None and exp <= time.time())
            or not isinstance(scope, str)
            or not isinstance(audience, list)
            or not all(isinstance(uri, str) for uri in audience)
        ):
            counters.add("refused:malformed")
            return refused, None
        user = self.local_user(content.get("username"))
        if user is None:
            counters.add("refused:no-account")
            return refused, None
        if exp is not None:
            until, stale = min(until, exp), min(stale, exp)
        return {
            "active": True,
            "user": user.pk,
            "scope": scope,
            "resource": audience,
            "expires": stale if exp is None else min(exp, LATEST),
            "fresh_until": until,
            "refresh_after": min(until, asked_at + REFRESH_AFTER * lag),
            "stale_until": stale,
        }, user

    def access_token(self, checksum, answer, user=None):
        """
        The AccessToken of a good answer, made in memory, never saved: `user`
        is the answer's account when the request has it already.

        It expires when the token does (exp), or when the answer ends if the
        provider gave no exp: the validator has decided already that the
        answer holds, and DOT checks the expiry a moment later. Were it to
        expire with the lag, a worker that a busy machine pauses in between,
        past the end of the lag, would refuse a good token.
        """
        if not answer["active"]:
            return None
        if user is None:
            User = get_user_model()
            try:
                user = User._default_manager.get(pk=answer["user"])
            except User.DoesNotExist:  # deleted since
                return None
        if not self.lendable(user):
            return None
        return AccessToken(
            token="",
            token_checksum=checksum,
            user=user,
            application=None,
            scope=answer["scope"],
            resource=answer["resource"],
            expires=as_datetime(answer["expires"]),
        )

    def local_user(self, username):
        """
        The account on this server of the provider's user `username`: one that
        exists already, is active and lendable (see lendable). A person who
        picks the name of a local account at the provider, "admin" say, gets
        nothing here, and no account is created for a name the provider sends.
        """
        if not isinstance(username, str) or not username:
            return None
        User = get_user_model()
        try:
            user = User._default_manager.get(**{User.USERNAME_FIELD: username})
        except (User.DoesNotExist, User.MultipleObjectsReturned):
            # Two accounts of that name (a USERNAME_FIELD left not unique):
            # neither is lent, rather than whichever the database finds first.
            return None
        return user if self.lendable(user) else None

    def lendable(self, user):
        """
        Whether a token may use this account: never one that logs in with a
        password here, and never staff or a superuser, who hold more than a
        user's own data. A project that marks other accounts adds them here.
        """
        return (
            user.is_active
            and not user.has_usable_password()
            and not user.is_staff
            and not user.is_superuser
        )

    @staticmethod
    def timeout():
        return setting("TOKEN_INTROSPECTION_TIMEOUT")


class Memory:
    """
    A worker's good answers, each until it comes due for a refresh (before
    the lag ends), REMEMBERED at most: then the oldest goes.
    """

    def __init__(self):
        self.answers = {}  # checksum: answer, oldest first
        self.lock = threading.Lock()  # for the threads of one worker

    def keep(self, checksum, answer):
        with self.lock:
            self.answers.pop(checksum, None)
            if len(self.answers) >= REMEMBERED:
                del self.answers[next(iter(self.answers))]
            self.answers[checksum] = answer

    def forget(self, checksum):
        with self.lock:
            self.answers.pop(checksum, None)

    def last(self, checksum):
        """The last good answer kept, however old: for when the cache cannot say."""
        return self.answers.get(checksum)

    def recall(self, checksum):
        answer = self.answers.get(checksum)
        if answer is None or time.time() >= answer["refresh_after"]:
            return None
        return answer

    def clear(self):
        with self.lock:
            self.answers.clear()


memory = Memory()
# --8<-- [end:validator]


this_thread = threading.local()


def session(url):
    """
    This thread's requests.Session for `url`: it keeps a connection to the
    provider where the provider keeps it open, and reads what the environment
    says (a proxy, a CA bundle) once, where requests would read it again at
    every request.
    """
    if not hasattr(this_thread, "sessions"):
        this_thread.sessions = {}  # url: its Session
    found = this_thread.sessions.get(url)
    if found is None:
        found = this_thread.sessions[url] = requests.Session()
        environment = found.merge_environment_settings(url, {}, None, None, None)
        found.proxies, found.verify = environment["proxies"], environment["verify"]
        found.trust_env = False
    return found


def key(checksum):
    """The cache key of the answers about a token: its checksum, never the token."""
    return f"introspection:{checksum}"


def is_time(value):
    """A NumericDate of RFC 7519: an int or a float, finite."""
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def as_datetime(timestamp):
    """A timestamp as a DateTimeField keeps it: aware with USE_TZ, else naive."""
    moment = datetime.fromtimestamp(timestamp, tz=UTC)
    return moment if settings.USE_TZ else timezone.make_naive(moment)
