"""
A bounded load run with wrk on 127.0.0.1: many users' tokens, in turn, and a
check of every answer (scripts/load.lua). Used by the load test and the bench.
"""

import re
import subprocess
import tempfile
from dataclasses import astuple, dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("load.lua")


@dataclass
class Load:
    answered: int  # answers that wrk read
    wrong: int  # answers other than 200 naming the token's user
    errors: int  # connections that failed or timed out
    seconds: float

    @property
    def per_second(self):
        return self.answered / self.seconds

    def __add__(self, other):
        return Load(*map(sum, zip(astuple(self), astuple(other), strict=True)))


def wrk_run(url, tokens, seconds, connections=8):
    """wrk on `url` for `seconds`, the tokens of {username: token} in turn."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listed:
        listed.write("".join(f"{user} {token}\n" for user, token in tokens.items()))
        listed.flush()
        out = subprocess.run(
            [
                *("wrk", f"--threads={connections}", f"--connections={connections}"),
                *(f"--duration={seconds:.0f}s", "--timeout=10s", "-s", str(SCRIPT)),
                *(url, "--", listed.name),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    answered, wrong = re.search(r"answered (\d+) wrong (\d+)", out).groups()
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return Load(
        answered=int(answered),
        wrong=int(wrong),
        errors=sum(map(int, re.findall(r"\d+", socket_errors[1])))
        if socket_errors
        else 0,
        seconds=float(re.search(r"requests in ([\d.]+)s", out)[1]),
    )


def load_run(url, tokens, requests, connections=8, most_runs=30):
    """
    At least `requests` requests: wrk runs for a time, not for a count, so it
    runs again, 20 s at most each time, until the answers add up.
    """
    load = wrk_run(url, tokens, 10, connections)
    for _ in range(most_runs - 1):
        if load.answered >= requests:
            break
        rest = (requests - load.answered) / load.per_second
        load += wrk_run(url, tokens, min(20, rest * 1.1 + 1), connections)
    return load
