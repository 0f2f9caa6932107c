"""
MkDocs hook: a line `<!-- behaviour-matrix stock -->` (or `hardened`) in a page
becomes the behaviour matrix of that setup, rendered from the data that
tests/step2_middleware/test_matrix.py asserts cell by cell.
"""

import importlib.util
import re
from pathlib import Path

MATRIX = Path(__file__).resolve().parents[2] / "tests/step2_middleware/matrix.py"
MARKER = re.compile(r"^<!-- behaviour-matrix (\w+) -->$", re.MULTILINE)


def load_matrix():
    spec = importlib.util.spec_from_file_location("behaviour_matrix", MATRIX)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def table(matrix, setup):
    if setup not in matrix.SETUPS:
        raise ValueError(f"no setup {setup!r} in {MATRIX}")
    lines = [
        "| The request carries | " + " | ".join(matrix.COLUMNS.values()) + " |",
        "| --- |" + " :---: |" * len(matrix.COLUMNS),
    ]
    for label, _kinds, outcomes in matrix.ROWS:
        lines.append(f"| {label} | " + " | ".join(outcomes[setup]) + " |")
    return "\n".join(lines)


def on_page_markdown(markdown, **kwargs):
    if not MARKER.search(markdown):
        return markdown
    matrix = load_matrix()
    return MARKER.sub(lambda match: table(matrix, match[1]), markdown)
