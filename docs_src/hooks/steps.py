"""
MkDocs hook: a line `<!-- step-diff step1_provider step2_middleware -->` in a
page becomes the unified diff from the first step folder to the second, made
at build time from the files themselves, so it cannot drift from the code.
The diff keeps the marker's indentation, so it can sit inside a note, and it
leaves out the `# --8<--` comments that mark the sections the site includes:
the snippets extension would strip them from the page anyway.

tests/repo/test_steps.py asserts which files each step changes, with the same
functions.
"""

import difflib
import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"^( *)<!-- step-diff (\S+) (\S+) -->$", re.MULTILINE)


def step_files(step):
    """The files of a step that git tracks or would track: no databases, no caches."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", step],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return {name.removeprefix(f"{step}/") for name in listed}


def read_lines(step, name):
    """The lines of a step's file, or None where the step has no such file."""
    path = REPO / step / name
    if not path.exists():
        return None
    return [
        line for line in path.read_text().splitlines(True) if "--8<-- [" not in line
    ]


def changed_files(before, after):
    """The files that differ between two steps, added and removed ones included."""
    names = step_files(before) | step_files(after)
    return sorted(
        name for name in names if read_lines(before, name) != read_lines(after, name)
    )


def file_diff(before, after, name):
    old, new = read_lines(before, name), read_lines(after, name)
    # Like git, name the missing side of an added or removed file /dev/null.
    fromfile = f"{before}/{name}" if old is not None else "/dev/null"
    tofile = f"{after}/{name}" if new is not None else "/dev/null"
    diff = "".join(difflib.unified_diff(old or [], new or [], fromfile, tofile))
    # An added or removed empty file has no lines to show: show its name.
    return diff or f"--- {fromfile}\n+++ {tofile}\n"


def unified_diff(before, after):
    names = changed_files(before, after)
    return "".join(file_diff(before, after, name) for name in names)


def diff_block(match):
    """The diff as a fenced block, indented like the marker (say, in a note)."""
    indent, before, after = match.groups()
    block = f"```diff\n{unified_diff(before, after)}```"
    return "\n".join(indent + line for line in block.splitlines())


def on_page_markdown(markdown, **kwargs):
    return MARKER.sub(diff_block, markdown)
