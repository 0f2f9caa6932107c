"""
A bounded load run with wrk on 127.0.0.1: many users' tokens, in turn, and a
check of every answer (scripts/load.lua). Used by the load test and the bench.
"""

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("load.lua")


@dataclass
class Load:
    answered: int  # answers that wrk read
    wrong: int  # answers other than 200 naming the token's user
    errors: int  # connections that failed or timed out
    per_second: float


def load_run(url, tokens, requests=10_000, connections=8, seconds=300):
    """Send `requests` requests to `url`, the tokens of {username: token} in turn."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listed:
        listed.write("".join(f"{user} {token}\n" for user, token in tokens.items()))
        listed.flush()
        out = subprocess.run(
            [
                *("wrk", f"--threads={connections}", f"--connections={connections}"),
                *(f"--duration={seconds}s", "--timeout=10s", "-s", str(SCRIPT)),
                *(url, "--", listed.name, str(requests)),
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
        per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
    )
