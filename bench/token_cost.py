"""
What token authentication costs, measured side by side on step 3.

    make bench    # runs: .venv/bin/python bench/token_cost.py --write

Five kinds of request: a plain view, and step 3's login_required /secret
opened by a session, by a token with DOT's own middleware, backend and
validator ("stock"), by a token with this tutorial's ("hardened"), and
refused an invalid token. Each is measured in process, with Django's test
client, and over real HTTP, with gunicorn (one worker) and wrk (one
connection) on 127.0.0.1. The kinds take turns, round after round, so that
the noise of a shared machine falls on all of them alike, and each figure is
the median of its rounds. Times are shown as ratios, to the plain view and to
the session: ratios carry from one machine to another, milliseconds do not.

It prints Markdown; with --write it also saves it to bench/results.md, which
git ignores. The performance page shows docs_src/performance/results.md, the
figures of the run named there: to publish new ones, copy the file over.
"""

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from contextlib import ExitStack, contextmanager, nullcontext
from datetime import date
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STEP = REPO / "step3_protect_view"
RESULTS = REPO / "bench/results.md"
TARGET = 1.15  # a token request may take at most this many session requests
STOCK_SETTINGS = "bench.settings_stock"


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        database = Path(workdir) / "bench.sqlite3"
        setup_django(database)
        use_dots_validator_in_dots_backend()
        kinds = make_requests()
        queries = {
            name: count_queries(name, path, headers) for name, _, path, headers in kinds
        }
        in_process = time_in_process(kinds, args.rounds, args.requests)
        over_http = time_over_http(kinds, args.rounds, args.seconds, database)
        token_queries = time_token_queries()
    report = render(kinds, queries, in_process, over_http, token_queries, args)
    print(report)
    if args.write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(report)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--requests", type=int, default=300, help="per round, in process"
    )
    parser.add_argument("--seconds", type=float, default=2, help="per round, over HTTP")
    parser.add_argument("--write", action="store_true", help=f"save to {RESULTS}")
    return parser.parse_args()


def setup_django(database):
    os.environ["BENCH_DATABASE"] = str(database)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path[:0] = [str(STEP), str(REPO)]
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def make_requests():
    """The kinds of request: (name, label, path, headers)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.tokens import bearer, create_access_token

    alice = get_user_model().objects.create_user("alice")
    token = create_access_token(alice).token
    browser = Client()
    browser.force_login(alice)
    session = {"Cookie": f"sessionid={browser.cookies['sessionid'].value}"}
    return [
        ("plain", "Plain view", "/plain", {}),
        ("session", "Session", "/secret", session),
        ("stock", "Token, DOT's classes", "/secret", bearer(token)),
        ("hardened", "Token, this tutorial's", "/secret", bearer(token)),
        ("invalid", "Invalid token", "/secret", bearer("no-such-token")),
    ]


def stock_setup(name):
    """Within it, DOT's own classes authenticate; elsewhere, this tutorial's."""
    if name != "stock":
        return nullcontext()
    import importlib

    from django.test import override_settings

    stock = importlib.import_module(STOCK_SETTINGS)
    return override_settings(
        MIDDLEWARE=stock.MIDDLEWARE,
        AUTHENTICATION_BACKENDS=stock.AUTHENTICATION_BACKENDS,
    )


def use_dots_validator_in_dots_backend():
    """
    DOT's backend builds its oauthlib core once, with the validator of the
    settings, which is this tutorial's: give it DOT's own, as in a stock project.
    """
    from oauth2_provider import backends
    from oauth2_provider.oauth2_validators import OAuth2Validator
    from oauth2_provider.settings import oauth2_settings

    server = oauth2_settings.OAUTH2_SERVER_CLASS(
        OAuth2Validator(), **oauth2_settings.server_kwargs
    )
    backends.OAuthLibCore = oauth2_settings.OAUTH2_BACKEND_CLASS(server)


def count_queries(name, path, headers):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with stock_setup(name), CaptureQueriesContext(connection) as queries:
        Client(headers=headers).get(path)
    return len(queries)


def time_in_process(kinds, rounds, requests):
    """Median seconds per request of each kind, with Django's test client."""
    from django.test import Client

    clients = {}
    for name, _label, path, headers in kinds:
        with stock_setup(name):  # the client loads its middleware on a first request
            clients[name] = Client(headers=headers)
            clients[name].get(path)
    samples = {name: [] for name, *_ in kinds}
    for _ in range(rounds):
        for name, _label, path, _headers in kinds:
            with stock_setup(name):
                start = time.perf_counter()
                for _ in range(requests):
                    clients[name].get(path)
                samples[name].append((time.perf_counter() - start) / requests)
    return {name: statistics.median(values) for name, values in samples.items()}


def time_over_http(kinds, rounds, seconds, database):
    """Median seconds per request of each kind, with gunicorn and wrk."""
    with ExitStack() as servers:
        hardened = servers.enter_context(gunicorn("bench.settings", database))
        stock = servers.enter_context(gunicorn(STOCK_SETTINGS, database))
        samples = {name: [] for name, *_ in kinds}
        for _ in range(rounds):
            for name, _label, path, headers in kinds:
                server = stock if name == "stock" else hardened
                samples[name].append(1 / wrk(f"{server}{path}", headers, seconds))
    return {name: statistics.median(values) for name, values in samples.items()}


@contextmanager
def gunicorn(settings, database):
    """One gunicorn worker serving step 3 with `settings`, on a free port."""
    from tests.servers import free_port, wait_for_port

    port = free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "--workers=1"),
            f"--bind=127.0.0.1:{port}",
            f"--chdir={STEP}",
            "mysite.wsgi:application",
        ],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings,
            "BENCH_DATABASE": str(database),
            "PYTHONPATH": str(REPO),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def wrk(url, headers, seconds):
    """Requests per second, one connection at a time, for `seconds`."""
    options = [
        part for name, value in headers.items() for part in ("-H", f"{name}: {value}")
    ]
    out = subprocess.run(
        [
            "wrk",
            "--threads=1",
            "--connections=1",
            f"--duration={seconds:g}s",
            *options,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Non-2xx or 3xx responses" not in out, out
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])


def time_token_queries():
    """Where a token request's time goes: its one query, built two ways."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from oauth2_provider.oauth2_validators import OAuth2Validator

    from tests.tokens import create_access_token
    from tokenauth.validators import BearerTokenValidator

    user = get_user_model().objects.create_user("bob")
    token = create_access_token(user).token
    session = SessionStore()
    session.create()

    def session_queries():
        SessionStore(session.session_key).load()
        get_user_model().objects.get(pk=user.pk)

    candidates = {
        "DOT's token query, `.first()`": lambda: OAuth2Validator()._load_access_token(
            token
        ),
        "This tutorial's token query, `.get()`": lambda: (
            BearerTokenValidator()._load_access_token(token)
        ),
        "A session's two queries, for comparison": session_queries,
    }
    return {
        label: min(timeit.repeat(run, number=500, repeat=7)) / 500
        for label, run in candidates.items()
    }


def render(kinds, queries, in_process, over_http, token_queries, args):
    def ms(seconds):
        return f"{seconds * 1000:.3f} ms"

    def ratio(seconds, of):
        return f"{seconds / of:.2f}×"

    lines = []
    for title, times in [
        ("In process, Django's test client", in_process),
        ("Over HTTP, gunicorn and wrk", over_http),
    ]:
        lines += [
            f"| {title} | SQL queries | Per request | × plain | × session |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        lines += [
            f"| {label} | {queries[name]} | {ms(times[name])} "
            f"| {ratio(times[name], times['plain'])} "
            f"| {ratio(times[name], times['session'])} |"
            for name, label, _path, _headers in kinds
        ]
        lines.append("")
    lines += ["| Where a token request's time goes | Time |", "| --- | ---: |"]
    lines += [
        f"| {label} | {seconds * 1e6:.0f} µs |"
        for label, seconds in token_queries.items()
    ]
    lines += ["", *targets(queries, in_process, over_http), "", machine(args)]
    return "\n".join(lines) + "\n"


def targets(queries, in_process, over_http):
    def verdict(ok):
        return "met" if ok else "**missed**"

    local = in_process["hardened"] / in_process["session"]
    http = over_http["hardened"] / over_http["session"]
    return [
        f"- A token request costs exactly one SQL query: "
        f"{verdict(queries['stock'] == queries['hardened'] == 1)}.",
        f"- This tutorial's backend adds no query to DOT's: "
        f"{verdict(queries['hardened'] <= queries['stock'])}.",
        f"- A token request takes at most {TARGET}× a session request: "
        f"{verdict(local <= TARGET and http <= TARGET)} "
        f"({local:.2f}× in process, {http:.2f}× over HTTP; "
        f"DOT's classes: {in_process['stock'] / in_process['session']:.2f}× "
        f"and {over_http['stock'] / over_http['session']:.2f}×).",
    ]


def machine(args):
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    return (
        f"Measured on {date.today():%Y-%m-%d}: {cpu}, {os.cpu_count()} cores, "
        f"{platform.system()}; Python {platform.python_version()}, "
        f"Django {version('Django')}, django-oauth-toolkit "
        f"{version('django-oauth-toolkit')}, gunicorn {version('gunicorn')}, "
        f"SQLite {__import__('sqlite3').sqlite_version}. "
        f"Medians of {args.rounds} rounds: {args.requests} requests a round "
        f"in process, {args.seconds:g} s a round over HTTP."
    )


if __name__ == "__main__":
    main()
