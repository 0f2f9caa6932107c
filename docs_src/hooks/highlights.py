"""
MkDocs hook: highlight lines of an included file by what they say, not by
their numbers, which change whenever the file does.

A fence such as

    ```python title="tokenauth/backends.py" hl_match="required_scopes =|body=None"
    --8<-- "step2_middleware/tokenauth/backends.py"
    ```

gets `hl_lines` for every line of the included file (or section) that one of
the `|`-separated regular expressions finds, numbered as the page shows the
file: without the `# --8<--` lines, which the snippets extension leaves out.
A pattern that finds no line fails the build, so a highlight cannot silently
drift off the code it points at.
"""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FENCE = re.compile(
    r'^(?P<indent> *)(?P<open>```\w+[^\n]*?) hl_match="(?P<patterns>[^"]+)"\n'
    r'(?P=indent)--8<-- "(?P<path>[^":]+)(?::(?P<section>[\w-]+))?"\n',
    re.MULTILINE,
)


def shown_lines(path, section=None):
    """The lines of a file, or of one of its sections, as the page shows them."""
    lines = (REPO / path).read_text().splitlines()
    if section:
        start = lines.index(next(x for x in lines if f"[start:{section}]" in x))
        end = lines.index(next(x for x in lines if f"[end:{section}]" in x))
        lines = lines[start + 1 : end]
    return [line for line in lines if "--8<-- [" not in line]


def matching_lines(path, section, patterns):
    """The numbers (from 1) of the shown lines that each pattern finds."""
    lines = shown_lines(path, section)
    numbers = []
    for pattern in patterns.split("|"):
        found = [n for n, line in enumerate(lines, 1) if re.search(pattern, line)]
        if not found:
            raise ValueError(f"hl_match: no line of {path} matches {pattern!r}")
        numbers += found
    return sorted(set(numbers))


def with_lines(match):
    numbers = matching_lines(match["path"], match["section"], match["patterns"])
    include = match[0].split("\n", 1)[1]
    hl_lines = " ".join(map(str, numbers))
    return f'{match["indent"]}{match["open"]} hl_lines="{hl_lines}"\n{include}'


def on_page_markdown(markdown, **kwargs):
    return FENCE.sub(with_lines, markdown)
