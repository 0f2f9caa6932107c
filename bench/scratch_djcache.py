from mysite.resource_server import *  # noqa

CACHES["default"]["BACKEND"] = "django.core.cache.backends.redis.RedisCache"  # noqa
