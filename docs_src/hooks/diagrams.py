"""
MkDocs hook: every Mermaid diagram of the site gets the same configuration,
so that its text stays readable on a laptop and on a phone.

By default Mermaid shrinks a diagram to the width of the page, and the text
of a wide one shrinks with it, to 6 px at 1280 px in the worst case. Here a
diagram keeps its size, with 14 px text, so each diagram of the site is drawn
narrow enough for a phone's column (358 px at 390 px): lanes and boxes close
together, a top-down flowchart where a sequence is a chain of steps, and
short labels that break over lines. On a screen narrower still, a diagram
scrolls sideways rather than shrinks (docs/stylesheets/extra.css).
tests/browser/test_site.py measures both, the width and the text as drawn.
"""

import re

FENCE = re.compile(r"^( *)```mermaid\n", re.MULTILINE)
CONFIG = """---
config:
  fontSize: 14
  flowchart:
    useMaxWidth: false
    diagramPadding: 4
    nodeSpacing: 24
    padding: 8
  sequence:
    useMaxWidth: false
    diagramMarginX: 4
    diagramMarginY: 4
    actorFontSize: 14
    messageFontSize: 14
    noteFontSize: 14
    actorMargin: 20
    width: 80
---
"""


def with_config(match):
    indent = match[1]
    config = "".join(indent + line + "\n" for line in CONFIG.splitlines())
    return match[0] + config


def on_page_markdown(markdown, **kwargs):
    return FENCE.sub(with_config, markdown)
