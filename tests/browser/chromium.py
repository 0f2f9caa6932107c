"""
Debian's Chromium, driven by Playwright, for the browser tests and for
`make screenshots`.

Playwright's own browsers are downloaded from the internet, which CI cannot
reach, so this is /usr/bin/chromium (`apt-get install chromium`).
"""

from pathlib import Path

from tests import REPO

CHROMIUM = "/usr/bin/chromium"
# Where the browser tests save what they saw; git ignores it.
SCREENSHOTS = REPO / "screenshots"
# No sandbox, as root in CI; and no background traffic to Google's hosts.
ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def launch(playwright):
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)
