"""
The site says only what the code and the tests back: every include resolves,
every included section of the code is shown somewhere, every test a page names
exists, every console command is run or checked, and the versions it names
are the ones installed.
"""

import re
from functools import cache
from importlib.metadata import version
from pathlib import Path

import pytest

from docs_src.hooks import highlights, proofs
from tests import REPO
from tests.repo.test_steps import DIFF

PAGES = sorted((REPO / "docs").glob("*.md"))
STEPS = [
    "step1_provider",
    "step2_middleware",
    "step3_protect_view",
    "step4_resource_server",
]

# An include, at the start of a line or indented inside a folded block (???).
INCLUDE = re.compile(r'^[ \t]*--8<-- "([^":]+)(?::([\w-]+))?"$', re.MULTILINE)
SECTION = re.compile(r"--8<-- \[start:([\w-]+)\]")
NAMED_TEST = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")
CONSOLE_BLOCK = re.compile(r"^```console\n(.*?)^```", re.MULTILINE | re.DOTALL)
MAKE = re.compile(r"(?:`|\$ )make ([\w-]+)")


def includes():
    """(page, path, section or None) for every snippet include of the site."""
    for page in PAGES:
        for match in INCLUDE.finditer(page.read_text()):
            yield page.name, match[1], match[2]


def shown_name(path):
    """Where a section counts as shown: the same file of any step is the same code."""
    parts = Path(path).parts
    return Path(*parts[1:]).as_posix() if parts[0] in STEPS else path


def test_every_include_resolves():
    for page, path, section in includes():
        assert (REPO / path).is_file(), f"{page}: no file {path}"
        if section:
            text = (REPO / path).read_text()
            assert f"[start:{section}]" in text, (
                f"{page}: no section {section} in {path}"
            )
            assert f"[end:{section}]" in text, f"{page}: unended {section} in {path}"


def test_every_section_marked_in_the_code_is_shown_on_a_page():
    shown = {(shown_name(path), section) for _page, path, section in includes()}
    marked_files = [
        path
        for root in [*STEPS, "docs_src"]
        for path in (REPO / root).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ] + [REPO / "requirements.txt"]
    for path in marked_files:
        relative = path.relative_to(REPO).as_posix()
        for section in SECTION.findall(path.read_text(errors="ignore")):
            assert (shown_name(relative), section) in shown, f"{relative}:{section}"


@cache
def defined_tests(path):
    return set(proofs.tests_in((REPO / path).read_text()))


def named_tests():
    """(document, test file, test) for every test a page or the README names."""
    return [
        (page.name, path, test)
        for page in [*PAGES, REPO / "README.md"]
        for pattern in (proofs.MARKER, NAMED_TEST)
        for path, test in pattern.findall(page.read_text())
    ]


def test_every_marker_names_a_test_that_exists():
    named = named_tests()
    assert len(named) > 50, "the pages name too few tests"
    for page, path, test in named:
        assert (REPO / path).is_file(), f"{page}: no file {path}"
        assert test in defined_tests(path), f"{page}: no {test} in {path}"


def test_every_marker_links_to_its_tests_source():
    """Each marker links to tests/<...>/<file>/#<test>: that page shows the test."""
    generated = {name: proofs.test_page(name) for name in proofs.test_files()}
    for page, path, test in named_tests():
        assert path in generated, f"{page}: no page is generated for {path}"
        assert f"\n## `{test}`\n" in generated[path], f"{page}: no anchor {test}"


def test_every_highlight_finds_its_lines():
    fences = [
        (page.name, fence)
        for page in PAGES
        for fence in highlights.FENCE.finditer(page.read_text())
    ]
    assert fences, "no page highlights lines"
    for page, fence in fences:
        path, section, patterns = fence["path"], fence["section"], fence["patterns"]
        numbers = highlights.matching_lines(path, section, patterns)
        shown = highlights.shown_lines(path, section)
        assert 0 < len(numbers) < len(shown) / 2, f"{page}: {path} {patterns}"


@cache
def makefile_targets():
    text = (REPO / "Makefile").read_text()
    return {
        target
        for line in text.splitlines()
        if re.match(r"^[\w -]+:(?!=)", line) and not line.startswith((".", "\t"))
        for target in line.split(":")[0].split()
    }


def checked(command):
    """Whether a console command that no transcript runs is checked here."""
    words = command.split("#")[0].split()
    if words[:1] == ["make"]:
        return len(words) == 2 and words[1] in makefile_targets()
    if words[:1] == ["diff"]:
        # tests/repo/test_steps.py runs this command between each two steps.
        steps = dict(zip(["before", "after"], words[-2:], strict=True))
        return STEPS.index(steps["after"]) == STEPS.index(steps["before"]) + 1 and (
            command == DIFF.format(**steps)
        )
    if words[:1] == ["cd"]:
        return len(words) == 2 and (REPO / words[1]).is_dir()
    if words == ["source", ".venv/bin/activate"]:
        return True  # the virtual environment that the Makefile creates
    if words[:4] == ["python", "-m", "pip", "install"]:
        # Typed in a step's folder, where every console session starts.
        return words[4:5] == ["-r"] and (REPO / STEPS[0] / words[5]).is_file()
    return False


def test_console_blocks_are_run_by_the_transcripts_or_checked_here():
    for page in PAGES:
        for block in CONSOLE_BLOCK.findall(page.read_text()):
            for line in block.splitlines():
                if INCLUDE.match(line):
                    continue  # a transcript, run by test_transcripts.py
                assert line.startswith("$ "), f"{page.name}: output not run: {line}"
                assert checked(line[2:]), f"{page.name}: command not checked: {line}"


@pytest.mark.parametrize("document", ["README.md", *(f"docs/{p.name}" for p in PAGES)])
def test_every_make_target_named_exists(document):
    for target in MAKE.findall((REPO / document).read_text()):
        assert target in makefile_targets(), f"{document}: no make target {target}"


def test_the_tests_run_with_the_pinned_versions():
    pins = [
        line.split("==")
        for name in ["requirements.txt", "requirements-dev.txt"]
        for line in (REPO / name).read_text().splitlines()
        if "==" in line and not line.startswith("#")
    ]
    assert len(pins) > 10
    for package, pinned in pins:
        assert version(package) == pinned, package


# The most tests one claim may cite: more, and the numbers read as a run of
# footnotes that interrupts the sentence; such a claim is several claims.
MOST_PROOFS = 2


@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_no_claim_carries_a_run_of_three_markers(page):
    runs = proofs.runs(page.read_text())
    assert [run for run in runs if len(run) > MOST_PROOFS] == []
