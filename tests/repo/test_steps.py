"""
The steps are whole projects, and each differs from the one before by exactly
the lesson of its page.
"""

import subprocess
import sys

import pytest

from docs_src.hooks.steps import changed_files
from tests.support import REPO

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
        "tokenauth/middleware.py",
        "tokenauth/signals.py",
        "tokenauth/validators.py",
    },
    "step3_protect_view": {
        "mysite/urls.py",
        "mysite/views.py",
        "tokenauth/decorators.py",
        "provider/management/commands/demo.py",
    },
    "step4_resource_server": {
        "mysite/settings.py",
        "mysite/urls.py",
        "mysite/resource_server.py",
        "mysite/resource_urls.py",
        "provider/views.py",
        "provider/management/commands/resourceserver.py",
        "tokenauth/introspection.py",
    },
}


@pytest.mark.parametrize(("before", "after"), list(zip(STEPS, STEPS[1:], strict=False)))
def test_a_step_changes_only_what_its_page_teaches(before, after):
    assert set(changed_files(before, after)) == LESSONS[after]


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
