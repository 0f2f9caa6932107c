"""
The tutorial site in a real browser, served on 127.0.0.1: every page loads
without a console error and without a request leaving 127.0.0.1, every
Mermaid diagram renders as SVG, and every code block has a copy button. A
screenshot of every page goes to screenshots/site/, which git ignores.
"""

import functools
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.browser.chromium import SCREENSHOTS
from tests.support import REPO

PAGES = sorted(path.stem for path in (REPO / "docs").glob("*.md"))
MERMAID = REPO / "docs/javascripts/mermaid.min.js"
# Material draws each diagram in a closed shadow root; open them, to look inside.
OPEN_SHADOW_ROOTS = """
const attachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
    return attachShadow.call(this, {...init, mode: "open"});
};
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        """The test reports what matters."""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """The site, built strictly and served on a free port of 127.0.0.1."""
    assert MERMAID.exists(), "run `make test-browser`: it downloads Mermaid first"
    built = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            Path(sys.executable).parent / "mkdocs",
            "build",
            "--strict",
            "-q",
            "-d",
            built,
        ],
        cwd=REPO,
        check=True,
    )
    handler = functools.partial(QuietHandler, directory=built)
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{server.server_port}/"
        server.shutdown()


def url_of(name):
    return "" if name == "index" else f"{name}/"


@pytest.mark.parametrize("name", PAGES)
def test_the_page_renders_offline(page, site_url, outside_requests, name):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.context.add_init_script(OPEN_SHADOW_ROOTS)

    response = page.goto(site_url + url_of(name), wait_until="networkidle")

    assert response.status == 200
    source = (REPO / "docs" / f"{name}.md").read_text()
    diagrams = source.count("```mermaid")
    if diagrams:
        page.locator("div.mermaid svg").nth(diagrams - 1).wait_for()
    assert page.locator("pre.mermaid").count() == 0  # none left unrendered
    assert page.locator("div.mermaid svg").count() == diagrams
    code_blocks = page.locator(".highlight pre")
    copy_buttons = page.locator(".highlight pre button[data-md-type='copy']")
    assert copy_buttons.count() == code_blocks.count()
    SCREENSHOTS.joinpath("site").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "site" / f"{name}.png", full_page=True)
    assert errors == []
    assert outside_requests == []
