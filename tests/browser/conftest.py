"""Fixtures of the browser tests: a headless Chromium, and pages that stay local."""

import pytest

from tests.browser.chromium import launch


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def outside_requests():
    """The requests a page tried to send anywhere but 127.0.0.1 (all refused)."""
    return []


@pytest.fixture
def page(chromium, outside_requests):
    """A page in a fresh browser context, whose requests may only go to 127.0.0.1."""
    context = chromium.new_context(viewport={"width": 1100, "height": 800})

    def guard(route):
        if route.request.url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    yield page
    context.close()
