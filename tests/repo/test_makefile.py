"""
The Makefile explains itself: `make help` lists every target, and `make clean`
removes everything that the targets create, which is what git ignores.
"""

import subprocess

from tests import REPO
from tests.repo.test_docs import makefile_targets


def make(*args):
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_make_help_lists_every_target():
    listed = {
        target for line in make("help").splitlines() for target in line[:34].split()
    }

    # Files that other targets make (.venv/..., docs/javascripts/...) are not commands.
    commands = {target for target in makefile_targets() if "/" not in target}
    assert commands <= listed, commands - listed


def test_make_clean_removes_everything_git_ignores():
    commands = make("-n", "clean")
    ignored = [
        line.rstrip("/")
        for line in (REPO / ".gitignore").read_text().splitlines()
        if line and not line.startswith("#")
    ]

    assert len(ignored) > 5
    for pattern in ignored:
        assert pattern in commands, pattern
