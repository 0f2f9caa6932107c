"""
MkDocs hook: the tables of a benchmark's results, each with a bar chart of
one of its columns, drawn by Mermaid (xychart-beta) from the same file.

A page line that includes a results file,

    --8<-- "docs_src/performance/results.md"

gets the file's text, as the snippets extension would include it, with a
chart after each table that has a column of figures: the column that a line
`<!-- chart: COLUMN -->` after the table names (the next line that is not
blank), or else its first column of figures. The first column gives the
bars' names, which must be short enough for a phone. So the charts follow
whatever the benchmark last wrote, and no figure is copied by hand.

The charts carry their own Mermaid configuration, sized to be read on a
phone as on a laptop, so this hook comes after diagrams.py in mkdocs.yml.
"""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
INCLUDE = re.compile(r'^--8<-- "(docs_src/[\w/-]+/results\.md)"$', re.MULTILINE)
MARKER = re.compile(r"^<!-- chart: (.+) -->$")
FIGURE = re.compile(r"^(\d+(?:\.\d+)?)\s*(\S*)$")
# A phone's width, of which Mermaid gives the bars' names half at most: a
# table whose names are longer gets no chart, rather than one that Mermaid
# shrinks below 14 px on a phone.
WIDTH, LONGEST = 360, 24
BAR = 34


def cells(line):
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def figure(cell):
    """12.5 and its unit, for a cell such as `12.5 ms`, `0.82×` or `67`; else None."""
    match = FIGURE.match(cell.replace("\u202f", " "))
    return (float(match[1]), match[2]) if match else None


def name(row):
    """A bar's name: the first cell of its row, without Markdown."""
    return re.sub(r"[`*_\"]", "", row[0])


def tables(lines):
    """(start, end) of each Markdown table: heading, separator, rows."""
    n = 0
    while n < len(lines):
        if lines[n].startswith("|") and n + 1 < len(lines) and "---" in lines[n + 1]:
            start = n
            n += 2
            while n < len(lines) and lines[n].startswith("|"):
                n += 1
            yield start, n
        else:
            n += 1


def chart(heading, rows, column):
    """A Mermaid horizontal bar chart of `column` of a table."""
    index = heading.index(column)
    values = [figure(row[index]) for row in rows]
    unit = values[0][1]
    names = [name(row) for row in rows]
    top = max(value for value, _unit in values) * 1.15
    title = column if unit in ("", "×") or unit in column else f"{column}, {unit}"
    return "\n".join(
        [
            "```mermaid",
            "---",
            "config:",
            "  xyChart:",
            f"    width: {WIDTH}",
            f"    height: {60 + BAR * len(rows)}",
            "    chartOrientation: horizontal",
            "    showTitle: false",
            "    useMaxWidth: false",
            "    xAxis:",
            "      labelFontSize: 14",
            "    yAxis:",
            "      labelFontSize: 14",
            "      titleFontSize: 14",
            "---",
            "xychart-beta horizontal",
            "    x-axis [" + ", ".join(f'"{name}"' for name in names) + "]",
            f'    y-axis "{title.replace(chr(34), "")}" 0 --> {top:.3g}',
            "    bar [" + ", ".join(f"{value:g}" for value, _unit in values) + "]",
            "```",
        ]
    )


def with_charts(text, path):
    """The text of a results file, with a chart after each table of figures."""
    lines = text.splitlines()
    out, done = [], 0
    for start, end in tables(lines):
        heading = cells(lines[start])
        rows = [cells(line) for line in lines[start + 2 : end]]
        after = next((n for n in range(end, len(lines)) if lines[n].strip()), end)
        marked = after < len(lines) and MARKER.match(lines[after])
        if marked:
            column = marked[1]
            if column not in heading:
                raise ValueError(f"{path}: no column {column!r} in {heading}")
        else:
            column = next(
                (
                    name
                    for i, name in enumerate(heading[1:], 1)
                    if all(figure(row[i]) for row in rows)
                ),
                None,
            )
        out += lines[done:end]
        done = after + 1 if marked else end
        if column is not None and all(len(name(row)) <= LONGEST for row in rows):
            out += ["", chart(heading, rows, column), ""]
    out += lines[done:]
    return "\n".join(out) + "\n"


def on_page_markdown(markdown, **kwargs):
    return INCLUDE.sub(
        lambda match: with_charts((REPO / match[1]).read_text(), match[1]).rstrip(),
        markdown,
    )
