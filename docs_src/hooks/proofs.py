"""
MkDocs hook: claims and the tests that prove them.

In a page, a claim ends with a marker naming its test,

    A wrong secret gets `invalid_client`.[[tests/step1_provider/test_flows.py::test_x]]

and the site shows a small superscript number there, linking to that test's
source on a page generated from the test file (tests/<step>/<file>/ on the
site, one heading per test). The prose reads on; the proof is one click away.
A test keeps its number wherever a page cites it again, and a claim carries
one or two markers, never a run of three (tests/repo/test_docs.py checks it):
a claim that needs three tests is three claims.

tests/repo/test_docs.py checks that every marker names a test that exists and
that its generated page has the test's anchor; tests/browser/test_site.py
follows every marker's link in Chromium.
"""

import ast
import re
from pathlib import Path

from mkdocs.structure.files import File

REPO = Path(__file__).resolve().parents[2]
# A marker, and the spaces or the one line break before it: the number sits
# right after the sentence it proves.
MARKER = re.compile(r"[ \t]*\n?[ \t]*\[\[(tests/[\w/]+\.py)::(test_\w+)\]\]")
# Markers side by side: one superscript, the numbers separated by commas.
RUN = re.compile(r"(?:[ \t]*\n?[ \t]*\[\[tests/[\w/]+\.py::test_\w+\]\])+")
# The older form, "*Proven by* `a::b` and `c::d`.", and a test named in code
# anywhere else, which a page may still use: rendered the same way.
PROVEN_BY = re.compile(
    r"[ \t]*\n?[ \t]*\*[Pp]roven by\* ((?:`tests/[\w/]+\.py::test_\w+`[,.]?"
    r"(?: and |,? )?\n?)+)"
)
LIST = re.compile(r"^<!-- test-file-list -->$", re.MULTILINE)
NAMED = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def test_files():
    """Every test module of the repository, as a path from its root."""
    return sorted(
        path.relative_to(REPO).as_posix()
        for path in (REPO / "tests").rglob("test_*.py")
    )


def page_uri(test_file):
    """Where a test file's page is in the site's sources: tests/x/test_y.md."""
    return test_file.removesuffix(".py") + ".md"


def tests_of(tree):
    """The test functions that a module defines at its top level."""
    return [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
    ]


def tests_in(source):
    """The names of the test functions that a module defines at its top level."""
    return [node.name for node in tests_of(ast.parse(source))]


def test_page(test_file):
    """
    The Markdown of a test file's page: its docstring, then its code in order,
    each test under a heading of its own name, which is the anchor markers use.
    """
    source = (REPO / test_file).read_text()
    tree = ast.parse(source)
    lines = source.splitlines()
    parts = [f"# `{test_file}`\n"]
    docstring = ast.get_docstring(tree)
    if docstring:
        parts.append(docstring + "\n")
    parts.append(
        "This page shows the file as it is in the repository; the claims of the "
        "tutorial link to its tests. See [how this tutorial is tested]"
        "(../../testing.md).\n"
    )
    body = tree.body[1:] if docstring else tree.body
    cursor = tree.body[0].end_lineno if docstring else 0
    pending = []

    def flush():
        code = "\n".join(pending).strip("\n")
        if code:
            parts.append(f"```python\n{code}\n```\n")
        pending.clear()

    for node in body:
        decorators = getattr(node, "decorator_list", [])
        first = min([node.lineno, *(d.lineno for d in decorators)])
        if node in tests_of(tree):
            pending.extend(lines[cursor : first - 1])
            flush()
            parts.append(f"## `{node.name}`\n")
            pending.extend(lines[first - 1 : node.end_lineno])
            flush()
        else:
            pending.extend(lines[cursor : node.end_lineno])
        cursor = node.end_lineno
    pending.extend(lines[cursor:])
    flush()
    return "\n".join(parts)


def on_files(files, config):
    for test_file in test_files():
        files.append(
            File.generated(config, page_uri(test_file), content=test_page(test_file))
        )
    return files


def link(page, test_file, test, number):
    """A number that links to the test, relative to the page."""
    depth = page.file.src_uri.count("/")
    target = "../" * depth + page_uri(test_file)
    return f'[{number}]({target}#{test} "Proven by {test_file}::{test}")'


def test_file_list():
    """A list of the test files, each linked to its page, with its summary."""
    items = []
    for test_file in test_files():
        docstring = ast.get_docstring(ast.parse((REPO / test_file).read_text())) or ""
        summary = " ".join(docstring.split("\n\n")[0].split())
        items.append(f"- [`{test_file}`]({page_uri(test_file)}): {summary}")
    return "\n".join(items)


def as_markers(markdown):
    """The older forms of a page, rewritten as markers."""
    markdown = PROVEN_BY.sub(
        lambda match: "".join(f"[[{a}::{b}]]" for a, b in NAMED.findall(match[1])),
        markdown,
    )
    # A test named in code, as in a table's "Proven by" column.
    return NAMED.sub(lambda match: f"[[{match[1]}::{match[2]}]]", markdown)


def runs(markdown):
    """The tests of each run of markers in a page, in the page's order."""
    return [MARKER.findall(run[0]) for run in RUN.finditer(as_markers(markdown))]


def on_page_markdown(markdown, page, **kwargs):
    markdown = LIST.sub(lambda _match: test_file_list(), markdown)
    # A test keeps one number on a page, however often the page cites it.
    numbers = {}

    def superscript(run):
        links = []
        for test_file, test in MARKER.findall(run[0]):
            number = numbers.setdefault((test_file, test), len(numbers) + 1)
            links.append(link(page, test_file, test, number))
        return f'<sup class="proof">{",".join(links)}</sup>'

    return RUN.sub(superscript, as_markers(markdown))
