"""
Print what the resource server's introspection did: its counts, the breaker's
state and the size of what it keeps. The counts are shared by every worker
(they live in the cache), and start again when the cache is emptied.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from oauth2_provider.models import get_access_token_model

from introspection import breaker, counters

AccessToken = get_access_token_model()


class Command(BaseCommand):
    help = "Print introspection's counts, the breaker's state and the cache's size."

    # --8<-- [start:handle]
    def handle(self, *args, **options):
        for name, count in counters.counts().items():
            self.stdout.write(f"{count:>10}  {counters.NAMES[name]}")
        state, since = breaker.state()
        opened = "" if since is None else f", for {since:.0f} s"
        self.stdout.write(f"breaker: {state}{opened}")
        self.stdout.write(f"cache: {cache_size()} keys")
        rows = AccessToken.objects.count()
        self.stdout.write(f"good answers kept as AccessToken rows: {rows}")

    # --8<-- [end:handle]


def cache_size():
    """The number of keys in the cache, where the cache can tell: Redis."""
    config = settings.CACHES["default"]
    if config["BACKEND"] != "django.core.cache.backends.redis.RedisCache":
        return "unknown"
    import redis

    return redis.Redis.from_url(config["LOCATION"]).dbsize()
