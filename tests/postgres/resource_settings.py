"""
The resource server of the tests over PostgreSQL: step 4's settings, with a
lag and a timeout short enough to measure in a test run.
"""

from mysite.resource_server import *  # noqa: F403
from mysite.resource_server import OAUTH2_PROVIDER
from tests.postgres.limits import LAG, TIMEOUT

OAUTH2_PROVIDER = {**OAUTH2_PROVIDER, "RESOURCE_SERVER_TOKEN_CACHING_SECONDS": LAG}
TOKEN_INTROSPECTION_TIMEOUT = TIMEOUT
