"""
The tutorial site in a real browser, served on 127.0.0.1: every page loads
without a console error and without a request leaving 127.0.0.1, every
Mermaid diagram renders as SVG, every code block has a copy button, the text
of diagrams and table headings is readable on a laptop and on a phone, every
diagram fits the column of both, and every claim marker leads to its test.
axe-core finds nothing serious on any page, the generated test pages
included. A screenshot of every page goes to screenshots/site/, which git
ignores.
"""

import functools
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from docs_src.hooks import proofs
from tests import REPO
from tests.browser.chromium import SCREENSHOTS

PAGES = sorted(path.stem for path in (REPO / "docs").glob("*.md"))
# The pages generated at build time, one a test file, where claim markers lead.
TEST_PAGES = [
    proofs.page_uri(test_file).removesuffix(".md") for test_file in proofs.test_files()
]
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


@pytest.fixture
def page(page):
    """A page in a fresh browser context (conftest.py's), shadow roots open."""
    page.context.add_init_script(OPEN_SHADOW_ROOTS)
    return page


def open_page(page, site_url, name):
    """Load a page of the site and wait until its diagrams are drawn."""
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
# fit) and of every table heading.
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
    for (const th of document.querySelectorAll(".md-typeset table th")) {
        const size = parseFloat(getComputedStyle(th).fontSize);
        headings.push([th.textContent.trim(), size]);
    }
    return {diagrams, drawn, headings};
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


# --- The page as a reader meets it: on a laptop and on a phone, in the light
# and the dark palette. One visit per page, screen and palette; every check
# below asks the same visit.

AXE = REPO / "tests/browser/axe.min.js"
# Material follows the system's preference; each palette is one of mkdocs.yml.
PALETTES = {"light": "default", "dark": "slate"}
# The tallest a page may be on a laptop: longer, and a step teaches too much
# at once; long listings fold, or live in the reference.
TALLEST = 12_000
# The most tests one claim names; tests/repo/test_docs.py checks the sources.
MOST_PROOFS = 2
READ = """
() => {
    const column = document.querySelector(".md-content__inner");
    const overflows = box => box.scrollWidth > box.clientWidth + 1;
    const boxes = [...document.querySelectorAll(
        ".md-typeset__scrollwrap, .md-typeset div.mermaid")];
    const wide = boxes.filter(overflows).map(box => ({
        what: box.matches(".mermaid") ? "diagram" : box.textContent.trim().slice(0, 60),
        width: box.scrollWidth,
        fits: box.clientWidth,
        focusable: box.tabIndex === 0 && box.hasAttribute("aria-label"),
    }));

    // A word of a table cell split across lines between two letters or digits
    // (a break after a hyphen or a slash is where words may break).
    const broken = [];
    for (const cell of document.querySelectorAll(".md-typeset table :is(th, td)")) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/\\S+/g)) {
                let top = null;
                for (let i = 0; i < match[0].length; i++) {
                    const range = document.createRange();
                    range.setStart(node, match.index + i);
                    range.setEnd(node, match.index + i + 1);
                    const rect = range.getBoundingClientRect();
                    if (top !== null && Math.abs(rect.top - top) > 2
                            && /\\w/.test(match[0][i - 1]) && /\\w/.test(match[0][i])) {
                        broken.push(match[0]);
                        break;
                    }
                    top = rect.top;
                }
            }
        }
    }

    // Claim markers: how many tests each names, with its neighbours; the
    // number of each test; and whether it ends a line of text.
    const markers = [];
    for (const sup of document.querySelectorAll("sup.proof")) {
        let before = sup.previousSibling;
        const after = sup.nextSibling;
        const rect = sup.getBoundingClientRect();
        let attached = false;
        if (before) {
            const range = document.createRange();
            range.selectNodeContents(before);
            const rects = [...range.getClientRects()];
            const last = rects[rects.length - 1];
            attached = Boolean(last) && /\\S/.test(before.textContent)
                && last.bottom > rect.top && last.top < rect.bottom
                && last.right <= rect.left + 1;
        }
        const joined = after && after.nodeType === Node.TEXT_NODE && !after.data.trim()
            && after.nextSibling && after.nextSibling.matches
            && after.nextSibling.matches("sup.proof");
        const next = after && after.matches && after.matches("sup.proof");
        markers.push({
            links: [...sup.querySelectorAll("a")].map(a => [a.textContent, a.href]),
            attached,
            followed: Boolean(joined || next),
            text: (before ? before.textContent.slice(-40) : "") + sup.textContent,
        });
    }

    // Code that the copy button covers: a visible character under the button.
    const covered = [];
    for (const nav of document.querySelectorAll(".md-code__nav")) {
        const button = nav.getBoundingClientRect();
        if (!button.width) continue;  // in a folded block
        const code = nav.closest("pre").querySelector("code");
        const shown = code.getBoundingClientRect();
        const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(node);
            const whole = range.getBoundingClientRect();
            if (whole.bottom <= button.top || whole.top >= button.bottom) continue;
            for (let i = 0; i < node.data.length; i++) {
                if (!node.data[i].trim()) continue;
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                for (const r of range.getClientRects()) {
                    const right = Math.min(r.right, shown.right);
                    if (r.left < shown.right && right > button.left
                            && r.left < button.right
                            && r.bottom > button.top && r.top < button.bottom) {
                        covered.push(node.data.trim().slice(0, 40));
                        i = node.data.length;
                        break;
                    }
                }
            }
        }
    }

    return {
        palette: document.body.getAttribute("data-md-color-scheme"),
        height: document.documentElement.scrollHeight,
        sideways: document.documentElement.scrollWidth
            - document.documentElement.clientWidth,
        column: column.getBoundingClientRect().width,
        wide, broken, markers, covered,
        copy_buttons: document.querySelectorAll(".md-code__nav").length,
        code_blocks: document.querySelectorAll(".highlight pre").length,
    };
}
"""
# Material adds a copy button to each code block once the page has loaded.
COPY_BUTTONS_ADDED = """
() => document.querySelectorAll(".md-code__nav").length
    === document.querySelectorAll(".highlight pre").length
"""
# axe-core's WCAG 2.1 A and AA rules. Colours do not change with the width of
# the screen, so the phone skips the contrast rule, the slowest, which the
# laptop runs in both palettes.
AXE_RUN = """
async (phone) => {
    const results = await axe.run(document, {
        runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        rules: {"color-contrast": {enabled: !phone}},
        resultTypes: ["violations"],
    });
    return results.violations
        .filter(violation => ["serious", "critical"].includes(violation.impact))
        .map(violation => [
            violation.id, violation.nodes.map(node => node.target.join(" ")),
        ]);
}
"""
# The palette toggle of the header, as a reader clicks it (mkdocs.yml names it).
TO_DARK = 'label[title="Dark mode"]'


@pytest.fixture(scope="module")
def reading(chromium, site_url):
    """
    What a reader meets on a page, on a screen, in each palette: the page is
    read in the light palette, then the toggle switches it to the dark one and
    it is read again (in the palettes that the tests ask for). Kept for every
    test of this module that asks again.
    """
    assert AXE.exists(), "run `make test-browser`: it downloads axe-core first"
    seen = {}
    tabs = {}

    def tab(screen):
        """
        One tab a screen, for every page: as a reader's browser does, it keeps
        the site's scripts (Mermaid's is 3 MB) from one page to the next.
        """
        if screen not in tabs:
            width, height = SCREENS[screen]
            context = chromium.new_context(
                viewport={"width": width, "height": height}, color_scheme="light"
            )
            context.add_init_script(OPEN_SHADOW_ROOTS)
            context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(site_url)
                    else route.abort()
                ),
            )
            tabs[screen] = context.new_page()
        return tabs[screen]

    def read(name, screen, palette):
        if (name, screen) not in seen:
            page = tab(screen)
            open_page(page, site_url, name)
            page.wait_for_function(COPY_BUTTONS_ADDED)
            page.add_script_tag(path=AXE)
            readings = {}
            for each in PALETTES:
                if (name, screen, each) not in ASKED:
                    continue
                if each == "dark":
                    page.locator(TO_DARK).click()
                readings[each] = page.evaluate(READ)
                readings[each]["violations"] = page.evaluate(AXE_RUN, screen == "phone")
            if screen == "phone":
                # What a phone shows, to look at: the laptop's is name.png.
                shot = SCREENSHOTS / "site" / f"{name}-phone-dark.png"
                shot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=shot, full_page=True)
            # Material keeps the palette a reader chose; the next page starts light.
            page.evaluate("localStorage.clear()")
            seen[name, screen] = readings
        return seen[name, screen][palette]

    yield read
    for page in tabs.values():
        page.context.close()


READINGS = [
    pytest.param(name, screen, palette, id=f"{name}-{screen}-{palette}")
    for name in PAGES
    for screen in SCREENS
    for palette in PALETTES
]
# The test pages are many and alike (a heading and a code block a test): each
# is read once, on a laptop, where the contrast rule runs, in the dark
# palette; the three longest on both screens, in both palettes.
LONGEST_TEST_PAGES = sorted(
    TEST_PAGES,
    key=lambda name: len((REPO / f"{name}.py").read_text()),
    reverse=True,
)[:3]
TEST_PAGE_READINGS = [
    pytest.param(name, screen, palette, id=f"{name}-{screen}-{palette}")
    for name in TEST_PAGES
    for screen in SCREENS
    for palette in PALETTES
    if name in LONGEST_TEST_PAGES or (screen, palette) == ("1280 px", "dark")
]
# What the tests below ask for: a visit reads a palette only if one does.
ASKED = {tuple(reading.values) for reading in READINGS + TEST_PAGE_READINGS}


@pytest.mark.parametrize(("name", "screen", "palette"), READINGS + TEST_PAGE_READINGS)
def test_no_serious_accessibility_violation(reading, name, screen, palette):
    seen = reading(name, screen, palette)

    assert seen["palette"] == PALETTES[palette]
    assert seen["violations"] == []


@pytest.mark.parametrize(("name", "screen", "palette"), READINGS + TEST_PAGE_READINGS)
def test_nothing_needs_a_sideways_scroll(reading, name, screen, palette):
    seen = reading(name, screen, palette)

    assert seen["sideways"] <= 0
    if screen == "1280 px":
        # Every table and every diagram fits the column.
        assert seen["wide"] == []
    else:
        # Every diagram fits the column of a phone too (at its text's own size:
        # test_diagrams_and_tables_are_readable measures that); a wide table
        # scrolls in its own box, which the keyboard reaches.
        assert [box for box in seen["wide"] if box["what"] == "diagram"] == []
        assert [box for box in seen["wide"] if not box["focusable"]] == []
    assert seen["broken"] == []
    assert seen["covered"] == []
    assert seen["copy_buttons"] == seen["code_blocks"]


@pytest.mark.parametrize(("name", "screen", "palette"), READINGS)
def test_a_page_teaches_one_lesson_at_a_time(reading, name, screen, palette):
    seen = reading(name, screen, palette)

    if screen == "1280 px":
        assert seen["height"] <= TALLEST


@pytest.mark.parametrize(("name", "screen", "palette"), READINGS)
def test_claim_markers_help_rather_than_interrupt(reading, name, screen, palette):
    seen = reading(name, screen, palette)
    markers = seen["markers"]

    # One marker a claim, at the end of its text, with one or two tests.
    assert [m["text"] for m in markers if not m["attached"]] == []
    assert [m["text"] for m in markers if m["followed"]] == []
    assert [m["text"] for m in markers if len(m["links"]) > MOST_PROOFS] == []
    # Each test has one number on the page, and each number one test.
    numbers = {(number, href) for m in markers for number, href in m["links"]}
    assert len({number for number, _href in numbers}) == len(numbers)
    assert len({href for _number, href in numbers}) == len(numbers)
    # Every marker links to its test's own anchor.
    assert all("/tests/" in href and "#test_" in href for _number, href in numbers)
