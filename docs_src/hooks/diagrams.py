"""
MkDocs hook: every Mermaid diagram of the site gets the same configuration,
so that its text stays readable on a laptop and on a phone.

By default Mermaid shrinks a diagram to the width of the page, and the text
of a wide one shrinks with it, to 6 px at 1280 px in the worst case. Here a
diagram keeps its size, with 14 px text, and scrolls sideways where it is
wider than the screen (docs/stylesheets/extra.css);
tests/browser/test_site.py measures the text as drawn.
"""

import re

FENCE = re.compile(r"^( *)```mermaid\n", re.MULTILINE)
CONFIG = """---
config:
  fontSize: 14
  flowchart:
    useMaxWidth: false
    diagramPadding: 4
  sequence:
    useMaxWidth: false
    diagramMarginX: 4
    diagramMarginY: 4
    actorFontSize: 14
    messageFontSize: 14
    noteFontSize: 14
    actorMargin: 20
    width: 110
---
"""


def with_config(match):
    indent = match[1]
    config = "".join(indent + line + "\n" for line in CONFIG.splitlines())
    return match[0] + config


def on_page_markdown(markdown, **kwargs):
    return FENCE.sub(with_config, markdown)
