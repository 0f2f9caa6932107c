"""
Async views of the resource server (tests/urls_resource_async.py), served the
ASGI way by Django's AsyncClient: the breaker, the stale-if-error window and
the 503 hold there as they do for sync views under WSGI. tests/postgres/test_asgi.py
serves them with a real ASGI server.
"""

import time

import pytest
from asgiref.sync import async_to_sync

from tests.step4_resource_server.test_introspection import active, shorter_lag
from tests.tokens import bearer

pytestmark = pytest.mark.django_db

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@pytest.fixture
def get(resource_pages, async_client, django_user_model):
    """GET a path with a token, through the ASGI handler; alice's account exists."""
    resource_pages.ROOT_URLCONF = "tests.urls_resource_async"
    django_user_model.objects.create_user("alice")

    def get(path, token, **headers):
        return async_to_sync(async_client.get)(
            path, headers={**bearer(token), **headers}
        )

    return get


def test_async_views_answer_503_for_a_token_that_cannot_be_checked(get, provider):
    provider.status = 500

    api = get("/api/async", "t")
    page = get("/secret/async", "t", **BROWSER)

    assert (api.status_code, api["Retry-After"]) == (503, "1")
    assert api.json() == {"error": "temporarily_unavailable"}
    assert (page.status_code, page["Retry-After"]) == (503, "1")
    assert "Try again in a moment" in page.text


def test_async_views_let_a_known_token_in_past_the_lag_while_the_provider_fails(
    get, provider, resource_pages
):
    shorter_lag(resource_pages, 1)
    provider.answers["t"] = active("alice")
    assert get("/api/async", "t").status_code == 200
    provider.status = 500
    time.sleep(1.1)

    api = get("/api/async", "t")
    page = get("/secret/async", "t")

    assert (api.status_code, api.json()) == (200, {"user": "alice"})
    assert page.status_code == 200


def test_async_views_refuse_a_token_the_provider_calls_not_active(get, provider):
    api = get("/api/async", "revoked")
    page = get("/secret/async", "revoked")

    assert api.status_code == 401
    assert page.status_code == 302


def test_async_views_stop_asking_a_failing_provider(get, provider):
    provider.status = 500
    statuses = [get("/api/async", token).status_code for token in "abcdefg"]

    assert statuses == [503] * 7
    assert provider.asked.total() == 3  # TOKEN_INTROSPECTION_BREAKER_FAILURES
