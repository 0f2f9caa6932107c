"""
What introspection costs, measured side by side on step 4's two servers.

    make bench-resource-server  # .venv/bin/python bench/resource_server.py --write

Both servers run under gunicorn on PostgreSQL (scripts/topology.py), with
step 4's own settings. Three kinds of request to /api/echo, one at a time:
the provider checking its own token in its own database (step 3's local
check), the resource server with the provider's answer already in hand
(cached), and the resource server meeting each token for the first time, so
that it asks the provider (uncached). The kinds take turns, round after
round, and each figure is the median of its rounds, shown as a ratio to the
local check. Then wrk sends 50 users' tokens to a resource server with one
worker and with two, taking turns too, and checks every answer.

It prints Markdown; with --write it also saves it to
bench/resource_server_results.md, which git ignores. Step 4's page shows
docs_src/step4/results.md, the run of the day it names.
"""

import argparse
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scripts.load import wrk_run  # noqa: E402
from scripts.topology import RESOURCE_SETTINGS, topology  # noqa: E402
from tests.tokens import bearer  # noqa: E402

RESULTS = REPO / "bench/resource_server_results.md"


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as folder, topology(folder) as sites:
        latency = time_kinds(sites, args.rounds, args.requests)
        throughput = time_workers(sites, args.rounds, args.seconds)
    report = render(latency, throughput, args)
    print(report)
    if args.write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(report)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=20, help="per kind and round")
    parser.add_argument("--seconds", type=int, default=8, help="per wrk run")
    parser.add_argument("--write", action="store_true", help=f"save to {RESULTS}")
    return parser.parse_args()


def time_kinds(sites, rounds, per_round):
    """Median seconds per request of each kind, the kinds taking turns."""
    [cached] = sites.users_with_tokens("cached", 1).values()
    fresh = iter(sites.users_with_tokens("fresh", rounds * per_round).values())
    kinds = {
        "local": lambda: (sites.provider.url, cached),
        "cached": lambda: (sites.resource.url, cached),
        "uncached": lambda: (sites.resource.url, next(fresh)),
    }
    answer(sites.resource.url, cached)  # the resource server asks once, here
    samples = {name: [] for name in kinds}
    for _ in range(rounds):
        for name, request in kinds.items():
            start = time.perf_counter()
            for _ in range(per_round):
                answer(*request())
            samples[name].append((time.perf_counter() - start) / per_round)
    return {name: statistics.median(times) for name, times in samples.items()}


def answer(server, token):
    response = requests.get(f"{server}/api/echo", headers=bearer(token), timeout=30)
    assert response.status_code == 200, response.status_code


def time_workers(sites, rounds, seconds):
    """Median requests per second with one worker and with two, under wrk."""
    tokens = sites.users_with_tokens("load", 50)
    servers = {}
    for workers in (1, 2):
        servers[workers] = sites.resource_server(RESOURCE_SETTINGS, f"w{workers}")
        servers[workers].start(workers)
    samples = {workers: [] for workers in servers}
    try:
        for _ in range(rounds):
            for workers, server in servers.items():
                load = wrk_run(f"{server.url}/api/echo", tokens, seconds)
                assert (load.wrong, load.errors) == (0, 0), load
                samples[workers].append(load.per_second)
    finally:
        for server in servers.values():
            server.stop()
    return {workers: statistics.median(rates) for workers, rates in samples.items()}


def render(latency, throughput, args):
    local = latency["local"]
    rows = [
        ("Provider, its own token: step 3's local check", "local"),
        ("Resource server, the provider's answer in hand", "cached"),
        ("Resource server, asking the provider", "uncached"),
    ]
    lines = [
        "| A request to `/api/echo` | Time, to the local check | Milliseconds |",
        "| --- | ---: | ---: |",
        *(
            f"| {label} | {latency[kind] / local:.2f}× | {latency[kind] * 1000:.1f} |"
            for label, kind in rows
        ),
        "",
        "| Resource server under wrk, 50 users' tokens | Requests per second |",
        "| --- | ---: |",
        *(
            f"| {workers} gunicorn worker{'s' if workers > 1 else ''} | {rate:.0f} |"
            for workers, rate in throughput.items()
        ),
        "",
        f"Measured on {date.today().isoformat()}, Python {platform.python_version()}, "
        f"{args.rounds} rounds of {args.requests} requests a kind, one at a time, "
        f"and {args.rounds} wrk runs of {args.seconds} s a worker count, 8 "
        "connections; every answer named its token's user. Milliseconds depend "
        "on the machine, which was shared; the ratios carry better.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
