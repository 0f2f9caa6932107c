"""
The steps are whole projects, and each differs from the one before by exactly
the lesson of its page.
"""

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STEPS = ["step1_provider", "step2_middleware", "step3_protect_view"]
# What is never part of a lesson: local databases and caches.
IGNORED = {"db.sqlite3", "__pycache__", ".ruff_cache", ".pytest_cache"}

LESSONS = {
    "step2_middleware": {"mysite/settings.py"},
    "step3_protect_view": {
        "mysite/urls.py",
        "mysite/views.py",
        "provider/management/commands/demo.py",
    },
}


def files(step):
    root = REPO / step
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and not IGNORED.intersection(path.relative_to(root).parts)
    }


def changed(before, after):
    old, new = files(before), files(after)
    differ = {
        name
        for name in old & new
        if not filecmp.cmp(REPO / before / name, REPO / after / name, shallow=False)
    }
    return differ | (old ^ new)


@pytest.mark.parametrize(("before", "after"), list(zip(STEPS, STEPS[1:], strict=False)))
def test_a_step_changes_only_what_its_page_teaches(before, after):
    assert changed(before, after) == LESSONS[after]


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
