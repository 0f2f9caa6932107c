"""
"Use it in your project" as the recipe tests read it: the page's code blocks,
each rendered from the files the site includes, and its console sessions.
"""

import re
import subprocess

from tests import REPO
from tests.repo.test_transcripts import DOCS_SRC, RECIPE_SESSIONS
from tests.servers import reader_env
from tests.snippets import rendered

PAGE = REPO / "docs/your-project.md"
# The page's console sessions, in the order a reader types them.
START, TRY = (DOCS_SRC / name for name in RECIPE_SESSIONS)

# A code block of the recipe: its title names the file of the reader's project
# and says whether the block goes at the end of it; its body is one include.
BLOCK = re.compile(
    r'^```python title="(?P<file>mysite/[\w.]+)(?P<append>, at the end)?"\n'
    r'(?P<includes>(?:--8<-- "[^"]+"\n)+)```$',
    re.MULTILINE,
)
INCLUDE = re.compile(r'^--8<-- "([^":]+)(?::([\w-]+))?"$', re.MULTILINE)
RECIPE_STEP = re.compile(r"^## \d+\. ", re.MULTILINE)


def recipe_blocks():
    """The code blocks of the page's numbered steps, in order: (name, match)."""
    text = PAGE.read_text()
    steps = [
        part
        for part in re.split(r"^(?=## )", text, flags=re.MULTILINE)
        if RECIPE_STEP.match(part)
    ]
    blocks = [match for step in steps for match in BLOCK.finditer(step)]
    return [(block_name(match), match) for match in blocks]


def block_name(block):
    """A settings block by its one section, a file by its name."""
    if block["append"]:
        ((_path, section),) = INCLUDE.findall(block["includes"])
        return section
    return block["file"].split("/")[-1]


#: The blocks of the numbered steps, in order, by name.
BLOCKS = recipe_blocks()
#: Every block of the page by name, those of its other sections included
#: (`merge` for a project that has DOT, `drf` beside Django REST framework).
ALL_BLOCKS = {block_name(match): match for match in BLOCK.finditer(PAGE.read_text())}


def text_of(block):
    """What the site shows in the block."""
    return "".join(
        rendered(path, section or None)
        for path, section in INCLUDE.findall(block["includes"])
    )


def apply(block, project):
    """Do what the block's title says: add it at the end of the file, or write it."""
    target = project / block["file"]
    if block["append"]:
        target.write_text(f"{target.read_text()}\n{text_of(block)}")
    else:
        target.write_text(text_of(block))


def manage(project, *args, **env):
    """Run manage.py in the reader's environment, with `env` added."""
    return subprocess.run(
        ["python", "manage.py", *args],
        cwd=project,
        env=reader_env(**env),
        capture_output=True,
        text=True,
        # Against a hang only: on a loaded machine, a migrate can take minutes.
        timeout=600,
    )
