"""
Print what the resource server's introspection did: its counts, the breaker's
state and the size of what it keeps. The counts are shared by every worker
(they live in the cache), and start again when the cache is emptied.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.management.base import BaseCommand, CommandError
from oauth2_provider.models import get_access_token_model

from introspection import breaker, counters
from introspection.shared import Unreachable

AccessToken = get_access_token_model()


class Command(BaseCommand):
    help = "Print introspection's counts, the breaker's state and the cache's size."

    # --8<-- [start:handle]
    def handle(self, *args, **options):
        try:
            counts = counters.counts()
            state, since = breaker.state()
            size = cache_size()
        except Unreachable as error:
            # What a person needs to know, rather than redis-py's traceback.
            raise CommandError(
                f"The cache cannot be reached ({type(error).__name__}: {error}). "
                "The counts and the breaker's state are kept there; requests "
                "are served without it until it is back."
            ) from None
        for name, count in counts.items():
            self.stdout.write(f"{count:>10}  {counters.NAMES[name]}")
        opened = "" if since is None else f", for {since:.0f} s"
        self.stdout.write(f"breaker: {state}{opened}")
        self.stdout.write(f"cache: {size} keys")
        rows = AccessToken.objects.count()
        self.stdout.write(f"good answers kept as AccessToken rows: {rows}")

    # --8<-- [end:handle]


def cache_size():
    """The number of keys in the cache, where the cache can tell: Redis."""
    if not isinstance(caches["default"], RedisCache):
        return "unknown"
    import redis

    config = settings.CACHES["default"]
    # With the cache's own OPTIONS, its timeouts among them.
    return redis.Redis.from_url(
        config["LOCATION"], **config.get("OPTIONS", {})
    ).dbsize()
