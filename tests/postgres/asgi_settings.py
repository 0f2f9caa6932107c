"""The tests' resource server, with async views too, for an ASGI server."""

from tests.postgres.resource_settings import *  # noqa: F403

ROOT_URLCONF = "tests.urls_resource_async"
