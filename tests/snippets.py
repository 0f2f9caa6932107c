"""What the site shows of a snippet include, for tests that apply the page's code."""

from tests import REPO


def rendered(path, section=None):
    """The file, or its section, as pymdownx.snippets includes it: no markers."""
    lines = (REPO / path).read_text().splitlines(keepends=True)
    if section:
        start = lines.index(f"# --8<-- [start:{section}]\n")
        lines = lines[start + 1 : lines.index(f"# --8<-- [end:{section}]\n")]
    return "".join(line for line in lines if "--8<-- [" not in line)
