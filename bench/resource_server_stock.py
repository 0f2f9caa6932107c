"""
The resource server as DOT's documentation configures one, for the side-by-side
runs of bench/resource_server.py: step 4's settings with DOT's stock
OAuth2Validator and DOT's default caching time, pointed at the same provider
with the same client id and secret; no breaker, no stale window, no 503.
"""

from mysite.resource_server import *  # noqa: F403
from mysite.resource_server import INSTALLED_APPS, MIDDLEWARE, OAUTH2_PROVIDER

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "introspection"]
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("introspection.")]
OAUTH2_PROVIDER = {
    key: value
    for key, value in OAUTH2_PROVIDER.items()
    if key != "RESOURCE_SERVER_TOKEN_CACHING_SECONDS"
}
OAUTH2_PROVIDER["OAUTH2_VALIDATOR_CLASS"] = (
    "oauth2_provider.oauth2_validators.OAuth2Validator"
)
