"""
A headless Chromium for the browser tests: Debian's, driven by Playwright.

Playwright's own browsers are downloaded from the internet, which CI cannot
reach, so the tests use /usr/bin/chromium (`apt-get install chromium`).
"""

from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# No sandbox as root; and no background traffic to Google's hosts.
ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)
        yield browser
        browser.close()


@pytest.fixture
def outside_requests():
    """The requests a page tried to send anywhere but 127.0.0.1 (all refused)."""
    return []


@pytest.fixture
def page(chromium, outside_requests):
    """A page in a fresh browser context, whose requests may only go to 127.0.0.1."""
    context = chromium.new_context()

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
