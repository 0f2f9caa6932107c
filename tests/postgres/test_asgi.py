"""
Step 4's async views under a real ASGI server, uvicorn, when the provider
stops answering: the 503, the stale-if-error window and the refusal of a
revoked token hold as they do under gunicorn (tests/urls_resource_async.py).
"""

import time

import pytest
import requests

from scripts.trouble import seconds_until
from tests.postgres.limits import LAG, PROBE
from tests.tokens import bearer

SLACK = 1.5
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@pytest.fixture
def asgi_server(sites):
    server = sites.resource_server("tests.postgres.asgi_settings", name="asgi")
    server.start(workers=1, asgi=True)
    yield server
    server.stop()


def test_async_views_under_uvicorn_hold_while_the_provider_is_stopped(
    sites, make_users, asgi_server
):
    (name, known), (_, revoked), (_, newcomer) = make_users(3).items()
    api, page = f"{asgi_server.url}/api/async", f"{asgi_server.url}/secret/async"

    def get(url, token, **headers):
        return requests.get(
            url,
            headers={**bearer(token), **headers},
            allow_redirects=False,
            timeout=30,
        )

    assert get(api, known).status_code == 200
    assert get(page, known).status_code == 200
    sites.provider.python(
        "from oauth2_provider.models import AccessToken\n"
        f"AccessToken.objects.get(token={revoked!r}).revoke()\n"
    )
    refused, redirected = get(api, revoked), get(page, revoked)
    sites.provider.pause()
    try:
        time.sleep(LAG + 0.5)  # past the lag: known's answer is stale
        stale_api, stale_page = get(api, known), get(page, known)
        unknown_api, unknown_page = get(api, newcomer), get(page, newcomer, **BROWSER)
    finally:
        sites.provider.resume()

    assert (refused.status_code, redirected.status_code) == (401, 302)
    assert (stale_api.status_code, stale_page.status_code) == (200, 200)
    assert stale_api.json() == {"user": name}
    assert (unknown_api.status_code, unknown_api.headers["Retry-After"]) == (
        503,
        str(PROBE),
    )
    assert unknown_page.status_code == 503
    assert "Try again in a moment" in unknown_page.text
    assert seconds_until(api, newcomer, 200, limit=PROBE + SLACK) is not None
