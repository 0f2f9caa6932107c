"""
The console sessions that the site shows (docs_src/**/*.console) are run for
real, in a fresh copy of their step, and their output must match.

The format is a terminal's: `$ command`, then what it prints. In the expected
output, `...` stands for any number of lines, and `<name>` for a value that
changes at every run (a token, a client id): it is captured where it first
appears, and later commands use the captured value where they say `<name>`.
Addresses are written 127.0.0.1:8000 and run on a free port. A command that
prints an /o/authorize/ address gets it approved the way a person would, and
runserver keeps running for the commands after it. A command whose output
starts with an error (as `manage.py check` prints `SystemCheckError`) must
fail; every other command must succeed.

Commands outside the sections that a page includes (`# --8<-- [start:…]`) are
run too: they do what the page asks the reader to do in an editor, such as
moving a line of settings.py.
"""

import os
import queue
import re
import signal
import subprocess
import threading

import pytest

from tests import REPO
from tests.browsing import log_in_and_authorize
from tests.servers import copy_step, free_port, reader_env

DOCS_SRC = REPO / "docs_src"
DOCUMENTED_ADDRESS = "127.0.0.1:8000"
# The user that docs_src/step1/serve.console creates, who approves clients.
APPROVER = ("admin", "tutorial-password-1")
PLACEHOLDER = re.compile(r"<([a-z_]+)>")
AUTHORIZE_URL = re.compile(r"^http://127\.0\.0\.1:\d+/o/authorize/\?\S+$")
TIMEOUT = 60
# How a command's output starts when the command fails.
ERRORS = ("SystemCheckError", "CommandError", "error:")

# The sessions of each step, in the order a reader types them.
SESSIONS = {
    "step1_provider": ["step1/serve.console", "step1/tokens.console"],
    "step2_middleware": [
        "step2/serve.console",
        "step2/tokens.console",
        "step2/check.console",
        "step2/break.console",
    ],
    "step3_protect_view": ["step3/serve.console", "step3/curl.console"],
}
# Run in a fresh startproject instead, by tests/recipe/test_recipe.py.
RECIPE_SESSIONS = ["your_project/start.console", "your_project/try.console"]


def parse(path):
    """The commands of a transcript, each with the lines it should print."""
    commands = []
    for line in path.read_text().splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif line.startswith("# --8<--"):
            continue  # a snippet section marker, for the site
        else:
            assert commands, f"{path}: output before the first command"
            commands[-1][1].append(line)
    return commands


class Terminal:
    """Runs commands as a reader would, in one step folder, remembering values."""

    def __init__(self, cwd, home):
        self.cwd = cwd
        self.address = f"127.0.0.1:{free_port()}"
        self.values = {}
        self.background = []
        # A terminal's curl prints no progress meter; a pipe's would.
        (home / ".curlrc").write_text("--silent\n--show-error\n")
        self.env = reader_env(HOME=str(home))

    def substitute(self, text):
        def value(match):
            assert match[1] in self.values, f"<{match[1]}> is used before it is shown"
            return self.values[match[1]]

        return PLACEHOLDER.sub(value, text.replace(DOCUMENTED_ADDRESS, self.address))

    def pattern(self, expected):
        """A regular expression for the expected lines, capturing new <names>."""
        seen = set(self.values)
        parts = []
        for line in expected:
            if line == "...":
                parts.append(r"(?:[^\n]*\n)*?")
                continue
            line = line.replace(DOCUMENTED_ADDRESS, self.address)
            pieces, end = [], 0
            for match in PLACEHOLDER.finditer(line):
                pieces.append(re.escape(line[end : match.start()]))
                name = match[1]
                if name in self.values:
                    pieces.append(re.escape(self.values[name]))
                elif name in seen:
                    pieces.append(f"(?P={name})")
                else:
                    pieces.append(f"(?P<{name}>[^\\n]*?)")
                    seen.add(name)
                end = match.end()
            pieces.append(re.escape(line[end:]))
            parts.append("".join(pieces) + r"\n")
        return re.compile("".join(parts))

    def run(self, command, expected):
        pattern = self.pattern(expected)
        process = subprocess.Popen(
            ["bash", "-c", self.substitute(command)],
            cwd=self.cwd,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        lines = queue.Queue()
        threading.Thread(target=self._pump, args=(process, lines), daemon=True).start()
        long_running = "runserver" in command
        if long_running:
            self.background.append(process)
        output = ""
        while True:
            try:
                line = lines.get(timeout=TIMEOUT)
            except queue.Empty:
                pytest.fail(f"$ {command}\nno output for {TIMEOUT}s after:\n{output}")
            if line is None:
                break
            output += line.replace("\r", "").rstrip("\n") + "\n"
            if AUTHORIZE_URL.match(line.strip()):
                log_in_and_authorize(line.strip(), *APPROVER)
            if long_running and pattern.fullmatch(output):
                break
        if not long_running:
            fails = bool(expected) and expected[0].startswith(ERRORS)
            status = process.wait(timeout=TIMEOUT)
            assert (status != 0) == fails, f"$ {command}: exit {status}\n{output}"
        match = pattern.fullmatch(output)
        expected_text = "\n".join(expected)
        assert match, f"$ {command}\nexpected:\n{expected_text}\nprinted:\n{output}"
        self.values.update(match.groupdict())

    @staticmethod
    def _pump(process, lines):
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    def close(self):
        for process in self.background:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=TIMEOUT)


@pytest.mark.parametrize("step", SESSIONS)
def test_the_documented_sessions_print_what_the_site_shows(step, tmp_path):
    terminal = Terminal(copy_step(step, tmp_path), tmp_path)
    try:
        for transcript in SESSIONS[step]:
            for command, expected in parse(DOCS_SRC / transcript):
                terminal.run(command, expected)
    finally:
        terminal.close()


def test_every_transcript_is_run():
    run = {name for names in SESSIONS.values() for name in names}
    run.update(RECIPE_SESSIONS)
    present = {
        path.relative_to(DOCS_SRC).as_posix() for path in DOCS_SRC.rglob("*.console")
    }
    assert present == run
