"""
The resource server of the tests over PostgreSQL: step 4's settings, with a
lag and a timeout short enough to measure in a test run.
"""

from mysite.resource_server import *  # noqa: F403
from mysite.resource_server import OAUTH2_PROVIDER
from tests.postgres.limits import BREAKER_FAILURES, LAG, PROBE, TIMEOUT

OAUTH2_PROVIDER = {**OAUTH2_PROVIDER, "RESOURCE_SERVER_TOKEN_CACHING_SECONDS": LAG}
TOKEN_INTROSPECTION_TIMEOUT = TIMEOUT
TOKEN_INTROSPECTION_BREAKER_FAILURES = BREAKER_FAILURES
TOKEN_INTROSPECTION_PROBE_SECONDS = PROBE
