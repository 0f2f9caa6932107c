"""
MkDocs hook: a line `<!-- tested-versions -->` in a page becomes the table of
the tested matrix, one row per nox session of noxfile.py, with the versions
that each session's requirements file pins. tests/repo/test_matrix.py checks
the rows against the sessions that `nox --list` reports.
"""

import functools
import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MARKER = "<!-- tested-versions -->"
PACKAGES = ["Django", "django-oauth-toolkit", "oauthlib", "djangorestframework"]
# Short headings, so that no heading breaks inside a name on a phone.
HEADINGS = {"django-oauth-toolkit": "DOT", "djangorestframework": "DRF"}


@functools.cache
def load_noxfile():
    """noxfile.py, run once: each run registers its sessions with nox again."""
    spec = importlib.util.spec_from_file_location("noxfile", REPO / "noxfile.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows():
    """(session, Python, then the version of each of PACKAGES), per session."""
    noxfile = load_noxfile()
    return [
        (
            noxfile.session_name(requirements),
            python,
            *(noxfile.pinned(requirements, package) for package in PACKAGES),
        )
        for python, requirements in noxfile.MATRIX.items()
    ]


def table():
    lines = [
        "| `make test-matrix` session | Python | "
        + " | ".join(HEADINGS.get(package, package) for package in PACKAGES)
        + " |",
        "| --- " * (len(PACKAGES) + 2) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows()]
    return "\n".join(lines)


def on_page_markdown(markdown, **kwargs):
    return markdown.replace(MARKER, table()) if MARKER in markdown else markdown
