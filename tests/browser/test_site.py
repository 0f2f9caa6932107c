"""
The tutorial site in a real browser, served on 127.0.0.1: every page loads
without a console error and without a request leaving 127.0.0.1, every
Mermaid diagram renders as SVG, every code block has a copy button, the text
of diagrams and table headings is readable on a laptop and on a phone, and
every claim marker leads to its test. A screenshot of every page goes to
screenshots/site/, which git ignores.
"""

import functools
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests import REPO
from tests.browser.chromium import SCREENSHOTS

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


def open_page(page, site_url, name):
    """Load a page of the site and wait until its diagrams are drawn."""
    page.context.add_init_script(OPEN_SHADOW_ROOTS)
    response = page.goto(site_url + url_of(name), wait_until="networkidle")
    # Counted in the built page: hooks add diagrams (charts.py) to the Markdown.
    diagrams = response.text().count('<pre class="mermaid">')
    if diagrams:
        page.locator("div.mermaid svg").nth(diagrams - 1).wait_for()
    return response, diagrams


@pytest.mark.parametrize("name", PAGES)
def test_the_page_renders_offline(page, site_url, outside_requests, name):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    response, diagrams = open_page(page, site_url, name)

    assert response.status == 200
    assert page.locator("pre.mermaid").count() == 0  # none left unrendered
    assert page.locator("div.mermaid svg").count() == diagrams
    code_blocks = page.locator(".highlight pre")
    copy_buttons = page.locator(".highlight pre button[data-md-type='copy']")
    assert copy_buttons.count() == code_blocks.count()
    SCREENSHOTS.joinpath("site").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "site" / f"{name}.png", full_page=True)
    assert errors == []
    assert outside_requests == []


# The smallest text a diagram or a table heading may show, in CSS pixels.
SMALLEST_TEXT = 12
# The sizes of the text of every diagram (as drawn, after the SVG is scaled to
# fit) and of every table heading; and the words of table headings that the
# browser split across two lines.
MEASURE = """
() => {
    const drawn = [];
    // SVG text, and the HTML labels of flowcharts, scaled as the SVG is.
    // Material draws each diagram in a shadow root (opened by OPEN_SHADOW_ROOTS).
    const svgs = [...document.querySelectorAll("div.mermaid")].map(
        diagram => diagram.shadowRoot.querySelector("svg"));
    let diagrams = 0;
    for (const svg of svgs) {
        diagrams += 1;
        const labels = svg.querySelectorAll("text, foreignObject *");
        for (const label of labels) {
            if (label.children.length || !label.textContent.trim()) continue;
            const box = label.closest("foreignObject") || label;
            const scale = box.getScreenCTM().a;
            const size = parseFloat(getComputedStyle(label).fontSize) * scale;
            drawn.push([label.textContent.trim(), size]);
        }
    }
    const headings = [];
    const broken = [];
    for (const th of document.querySelectorAll(".md-typeset table th")) {
        const size = parseFloat(getComputedStyle(th).fontSize);
        headings.push([th.textContent.trim(), size]);
        const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const tops = [...range.getClientRects()].map(r => Math.round(r.top));
                const lines = new Set(tops);
                if (lines.size > 1) broken.push(match[0]);
            }
        }
    }
    return {diagrams, drawn, headings, broken};
}
"""
# A laptop's window, and a phone held upright.
SCREENS = {"1280 px": (1280, 800), "phone": (390, 844)}
WITH_DIAGRAMS_OR_TABLES = [
    name
    for name in PAGES
    if "```mermaid" in (text := (REPO / "docs" / f"{name}.md").read_text())
    or "\n| ---" in text
    or "behaviour-matrix" in text
    or 'results.md"' in text
]


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("name", WITH_DIAGRAMS_OR_TABLES)
def test_diagrams_and_tables_are_readable(page, site_url, name, screen):
    width, height = SCREENS[screen]
    page.set_viewport_size({"width": width, "height": height})

    _response, diagrams = open_page(page, site_url, name)
    seen = page.evaluate(MEASURE)

    assert seen["diagrams"] == diagrams
    assert len(seen["drawn"]) >= 4 * diagrams
    assert seen["drawn"] or seen["headings"], "nothing to measure"
    small = [
        (text, round(size, 1))
        for text, size in seen["drawn"] + seen["headings"]
        if size < SMALLEST_TEXT
    ]
    assert small == []
    assert seen["broken"] == []


def test_every_claim_marker_leads_to_its_test(page, site_url):
    targets = set()
    for name in PAGES:
        page.goto(site_url + url_of(name))
        hrefs = page.eval_on_selector_all(
            "sup.proof a", "links => links.map(link => link.href)"
        )
        targets.update(hrefs)
    assert len(targets) > 50

    by_page = {}
    for target in targets:
        url, _, anchor = target.partition("#")
        by_page.setdefault(url, set()).add(anchor)
    for url, anchors in by_page.items():
        assert page.goto(url).status == 200, url
        present = set(
            page.eval_on_selector_all("[id]", "found => found.map(e => e.id)")
        )
        assert anchors <= present, (url, anchors - present)
        assert all(
            page.locator(f"[id='{anchor}'] + div pre").count() for anchor in anchors
        )
