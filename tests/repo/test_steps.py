"""
The steps are whole projects, and each differs from the one before by exactly
the lesson of its page.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docs_src.hooks.steps import changed_files, step_files
from tests import REPO

# The steps in order; each later one changes exactly these files of the one before.
STEPS = [
    "step1_provider",
    "step2_middleware",
    "step3_protect_view",
    "step4_resource_server",
]

LESSONS = {
    "step2_middleware": {
        "mysite/settings.py",
        "tokenauth/__init__.py",
        "tokenauth/apps.py",
        "tokenauth/backends.py",
        "tokenauth/bearer.py",
        "tokenauth/checks.py",
        "tokenauth/debug.py",
        "tokenauth/guards.py",
        "tokenauth/middleware.py",
        "tokenauth/signals.py",
        "tokenauth/users.py",
        "tokenauth/validators.py",
    },
    "step3_protect_view": {
        "mysite/urls.py",
        "mysite/views.py",
        "templates/home.html",
        "tokenauth/decorators.py",
        "provider/management/commands/demo.py",
        # What a reader copies into their own project, whole: the login page
        # moves into tokenauth/, with a way to issue a token and their tests.
        "templates/registration/login.html",
        "tokenauth/templates/registration/login.html",
        "tokenauth/management/__init__.py",
        "tokenauth/management/commands/__init__.py",
        "tokenauth/management/commands/issuetoken.py",
        "tokenauth/tests.py",
        "tokenauth/drf.py",
        # Step 1's bridge to oauthlib moves in too, and the settings name it there.
        "provider/oauth2_backends.py",
        "tokenauth/oauth2_backends.py",
        "mysite/settings.py",
    },
    "step4_resource_server": {
        "mysite/settings.py",
        "mysite/urls.py",
        "mysite/resource_server.py",
        "mysite/resource_urls.py",
        "provider/views.py",
        "provider/management/commands/resourceserver.py",
        "provider/models.py",
        "provider/migrations/__init__.py",
        "provider/migrations/0001_initial.py",
        "introspection/__init__.py",
        "introspection/apps.py",
        "introspection/conf.py",
        "introspection/counters.py",
        "introspection/shared.py",
        "introspection/rediscache.py",
        "introspection/breaker.py",
        "introspection/middleware.py",
        "introspection/validator.py",
        "introspection/templates/introspection/try_again.html",
        "introspection/management/__init__.py",
        "introspection/management/commands/__init__.py",
        "introspection/management/commands/introspection.py",
    },
}


@pytest.mark.parametrize(("before", "after"), list(zip(STEPS, STEPS[1:], strict=False)))
def test_a_step_changes_only_what_its_page_teaches(before, after):
    assert set(changed_files(before, after)) == LESSONS[after]


# The command the pages show for the lesson of a step, without what running a
# step leaves behind: its database and Python's caches.
DIFF = "diff -ru -x __pycache__ -x db.sqlite3 {before} {after}"


def reported(line, before, after):
    """The path, within the step, that a line of `diff -ru` reports, if any."""
    if line.startswith("diff "):
        return line.split()[-1].removeprefix(f"{after}/")
    if line.startswith("Binary files "):
        return line.split(" and ")[-1].removesuffix(" differ").removeprefix(f"{after}/")
    if line.startswith("Only in "):
        folder, name = line.removeprefix("Only in ").split(": ")
        # A file only in the earlier step is one that the later step removes.
        folder = folder.removeprefix(after).removeprefix(before).strip("/")
        return f"{folder}/{name}".strip("/")
    return None


@pytest.mark.parametrize(
    ("before", "after"), list(zip(STEPS, STEPS[1:], strict=False)), ids=STEPS[1:]
)
def test_the_documented_diff_command_shows_only_the_lesson(before, after, tmp_path):
    for step in (before, after):
        copy = tmp_path / step
        shutil.copytree(REPO / step, copy, ignore=shutil.ignore_patterns("db.sqlite3"))
        # What running the step leaves behind.
        (copy / "db.sqlite3").write_bytes(step.encode())
        subprocess.run([sys.executable, "-m", "compileall", "-q", copy], check=True)

    result = subprocess.run(
        DIFF.format(before=before, after=after).split(),
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )

    shown = {reported(line, before, after) for line in result.stdout.splitlines()} - {
        None
    }
    lesson = LESSONS[after]
    assert all(
        path in lesson or any(name.startswith(f"{path}/") for name in lesson)
        for path in shown
    ), shown
    assert all(
        any(name == path or name.startswith(f"{path}/") for path in shown)
        for name in lesson
    ), shown


@pytest.mark.parametrize("step", STEPS)
def test_every_step_is_a_project_that_passes_djangos_checks(step):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--fail-level", "WARNING"],
        cwd=REPO / step,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


# Where each step's lesson is taught.
PAGES = {
    "step2_middleware": "docs/step2.md",
    "step3_protect_view": "docs/step3.md",
    "step4_resource_server": "docs/step4.md",
}
FENCE = re.compile(r"^ *```.*?^ *```", re.MULTILINE | re.DOTALL)
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def prose(page):
    """A page's own words: without its code blocks and its generated diff."""
    return FENCE.sub("", (REPO / page).read_text())


@pytest.mark.parametrize(
    ("before", "after"), list(zip(STEPS, STEPS[1:], strict=False)), ids=STEPS[1:]
)
def test_a_step_page_names_every_file_of_its_diff(before, after):
    """A learner who runs the documented diff meets no file the lesson skips."""
    words = prose(PAGES[after])
    unnamed = [
        name for name in changed_files(before, after) if f"`{name}`" not in words
    ]
    assert unnamed == []


@pytest.mark.parametrize(
    ("before", "after"), list(zip(STEPS, STEPS[1:], strict=False)), ids=STEPS[1:]
)
def test_a_step_page_says_that_a_moved_file_moves(before, after):
    """A file that leaves one folder for another is one move, said in one place."""
    changed = changed_files(before, after)
    removed = [name for name in changed if name not in step_files(after)]
    added = [name for name in changed if name not in step_files(before)]
    paragraphs = PARAGRAPH_BREAK.split(prose(PAGES[after]))
    for old in removed:
        new = [name for name in added if Path(name).name == Path(old).name]
        for name in new:
            assert any(
                f"`{old}`" in text and f"`{name}`" in text and "move" in text
                for text in paragraphs
            ), (old, name)
