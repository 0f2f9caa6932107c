"""
The charts of the benchmarks' figures: drawn from the results files when the
site is built (docs_src/hooks/charts.py), one beside each table of figures.
"""

import re

import pytest

from docs_src.hooks import charts
from tests import REPO

INCLUDE = re.compile(r'^--8<-- "(docs_src/[\w/-]+/results\.md)"$', re.MULTILINE)
PAGES = [
    path.relative_to(REPO)
    for path in sorted((REPO / "docs").glob("*.md"))
    if INCLUDE.search(path.read_text())
]


def bars(chart):
    """The names and the values of a chart's bars."""
    names = re.findall(r'"([^"]*)"', re.search(r"x-axis \[(.*)\]", chart)[1])
    values = [float(v) for v in re.search(r"bar \[(.*)\]", chart)[1].split(", ")]
    return dict(zip(names, values, strict=True))


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_every_table_of_figures_gets_a_chart_of_its_figures(page):
    markdown = (REPO / page).read_text()

    built = charts.on_page_markdown(markdown)

    assert not INCLUDE.search(built)  # the tables are in the page now
    for path in INCLUDE.findall(markdown):
        text = (REPO / path).read_text()
        for start, end in charts.tables(text.splitlines()):
            table = "\n".join(text.splitlines()[start:end])
            assert table in built
            after = built.split(table, 1)[1].lstrip()
            rows = [charts.cells(line) for line in table.splitlines()[2:]]
            if any(len(charts.name(row)) > charts.LONGEST for row in rows):
                # Too long for a phone: no chart, rather than an unreadable one.
                assert not after.startswith("```mermaid")
                continue
            assert after.startswith("```mermaid")
            chart = after.split("```mermaid", 1)[1].split("```", 1)[0]
            drawn = bars(chart)
            assert list(drawn) == [charts.name(row) for row in rows]
            columns = [
                [charts.figure(row[i]) for row in rows] for i in range(1, len(rows[0]))
            ]
            assert list(drawn.values()) in [
                [figure[0] for figure in column] for column in columns if all(column)
            ]
    assert "<!-- chart:" not in built


def test_a_chart_marker_picks_its_column():
    text = "| Kind | Count | Ratio |\n| --- | ---: | ---: |\n| a | 3 | 0.5× |\n"
    text += "| b | 4 | 1.25× |\n\n<!-- chart: Ratio -->\n"

    built = charts.with_charts(text, "results.md")

    assert bars(built) == {"a": 0.5, "b": 1.25}
    assert 'y-axis "Ratio"' in built
