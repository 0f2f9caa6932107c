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

Then the token check alone, with 10³, 10⁵ and 10⁶ access tokens in the table,
on SQLite and on PostgreSQL (a throwaway cluster, as step 4 starts it): for a
user's only token, for a token of a user who holds all the others, and for an
unknown token. The rows are added with one bulk statement, not through the ORM.

It prints Markdown; with --write it also saves it to bench/results.md, which
git ignores. The performance page shows docs_src/performance/results.md, the
figures of the run named there: to publish new ones, copy the file over.
"""

import argparse
import hashlib
import json
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
from urllib.request import Request, urlopen

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from scripts.topology import postgres, postgres_bin  # noqa: E402

STEP = REPO / "step3_protect_view"
RESULTS = REPO / "bench/results.md"
STOCK_SETTINGS = "bench.settings_stock"
TARGET = 1.00  # a token request may take at most this many session requests
SIZES = (10**3, 10**5, 10**6)  # access tokens in the table


def main():
    args = parse_args()
    if args.series:
        setup_django(os.environ.get("BENCH_DATABASE", ""))
        print(json.dumps(time_table_sizes(args.rounds)))
        return
    started = time.monotonic()
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
        token = dict((name, h) for name, _, _, h in kinds)["hardened"]
        changes = time_changes(token["Authorization"].split()[1], args.rounds)
        series = {
            "SQLite": table_series(
                {"BENCH_DATABASE": f"{workdir}/series.sqlite3"}, args.rounds
            ),
            "PostgreSQL": postgres_table_series(args.rounds),
        }
    report = render(kinds, queries, in_process, over_http, changes, series, args)
    print(report)
    print(f"(make bench took {time.monotonic() - started:.0f} s)", file=sys.stderr)
    if args.write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(report)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument(
        "--requests", type=int, default=100, help="per round, in process"
    )
    parser.add_argument("--seconds", type=int, default=1, help="per round, over HTTP")
    parser.add_argument("--write", action="store_true", help=f"save to {RESULTS}")
    parser.add_argument(
        "--series",
        action="store_true",
        help="only the token check with ever more tokens, on the database of "
        "the environment, as JSON (the benchmark runs itself so for each database)",
    )
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
    token = create_access_token(alice, application=make_application(alice)).token
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


def make_application(user):
    """A client, as the one that a token of a finished flow was issued to."""
    from oauth2_provider.models import get_application_model

    Application = get_application_model()
    return Application.objects.create(
        name="Bench client",
        user=user,
        client_type=Application.CLIENT_PUBLIC,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris="http://127.0.0.1:8000/callback",
    )


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
    """Seconds per request of each kind in each round, with Django's test client."""
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
                start = time.process_time()
                for _ in range(requests):
                    clients[name].get(path)
                samples[name].append((time.process_time() - start) / requests)
    return samples


def time_over_http(kinds, rounds, seconds, database):
    """Seconds per request of each kind in each round, with gunicorn and wrk."""
    with ExitStack() as servers:
        hardened = servers.enter_context(gunicorn("bench.settings", database))
        stock = servers.enter_context(gunicorn(STOCK_SETTINGS, database))
        servers = {name: stock if name == "stock" else hardened for name, *_ in kinds}
        for name, _label, path, headers in kinds:  # the worker imports on first use
            urlopen(Request(f"{servers[name]}{path}", headers=headers)).close()
        samples = {name: [] for name, *_ in kinds}
        for _ in range(rounds):
            for name, _label, path, headers in kinds:
                url = f"{servers[name]}{path}"
                samples[name].append(1 / wrk(url, headers, seconds))
    return samples


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


def time_changes(token, rounds, number=100):
    """
    What each change of BearerTokenValidator and BearerTokenBackend to DOT's
    classes saves: the part of the token check that it changes, done before
    and after it, in turns. Returns (label, seconds before, seconds after,
    seconds saved): the medians of the rounds, and of each round's difference.
    """
    from django.utils.encoding import escape_uri_path
    from oauth2_provider.models import get_access_token_model
    from oauth2_provider.oauth2_backends import get_oauthlib_core
    from oauth2_provider.oauth2_validators import OAuth2Validator
    from oauthlib.common import Request as OAuthRequest

    from tokenauth.backends import BearerTokenBackend, validator

    AccessToken = get_access_token_model()
    checksum = hashlib.sha256(token.encode("utf-8")).hexdigest()
    scopes = BearerTokenBackend.required_scopes
    oauthlib_core = get_oauthlib_core()  # with this tutorial's validator

    def dots_query():
        OAuth2Validator()._load_access_token(token)

    def joined_get():
        AccessToken.objects.select_related("application", "user").get(
            token_checksum=checksum
        )

    def tutorials_query():
        validator._load_access_token(token)

    def through_oauthlib():
        oauthlib_core.server.verify_request(
            escape_uri_path("/secret"),
            "GET",
            body=None,
            headers={"Authorization": f"Bearer {token}"},
            scopes=scopes,
        )

    def asked_directly():
        request = OAuthRequest(escape_uri_path("/secret"), "GET")
        validator.validate_bearer_token(token, scopes, request)

    changes = [
        ("`.get()`, not `.first()`", dots_query, joined_get),
        ("No application join", joined_get, tutorials_query),
        ("Checks asked directly", through_oauthlib, asked_directly),
    ]
    samples = {(label, i): [] for label, *_ in changes for i in (0, 1)}
    for _label, *runs in changes:
        for run in runs:
            run()  # a first call imports and builds what later ones reuse
    for _ in range(rounds):
        for label, *runs in changes:
            for i, run in enumerate(runs):
                seconds = timeit.timeit(run, timer=time.process_time, number=number)
                seconds /= number
                samples[label, i].append(seconds)
    return [
        (
            label,
            statistics.median(samples[label, 0]),
            statistics.median(samples[label, 1]),
            # Each round's own difference: the two ran one right after the other.
            statistics.median(
                a - b for a, b in zip(*(samples[label, i] for i in (0, 1)), strict=True)
            ),
        )
        for label, *_ in changes
    ]


def table_series(env, rounds):
    """The token check with ever more tokens, on the database of `env`."""
    out = subprocess.run(
        [sys.executable, __file__, "--series", f"--rounds={rounds}"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def postgres_table_series(rounds):
    """The same, on a throwaway PostgreSQL cluster, as step 4 starts it."""
    with postgres(["bench"]) as env:
        return table_series({**env, "PGDATABASE": "bench"}, rounds)


def time_table_sizes(rounds, number=50):
    """
    The token check, BearerTokenBackend.verified_token(), with SIZES access
    tokens in the table: the median seconds of each kind at each size, and
    the seconds it took to add the rows.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from oauth2_provider.models import get_access_token_model

    from tests.tokens import bearer, create_access_token
    from tokenauth.backends import BearerTokenBackend

    User = get_user_model()
    alice, bob = User.objects.create_user("alice"), User.objects.create_user("bob")
    application = make_application(alice)
    tokens = {
        "only": create_access_token(alice, application=application).token,
        "many": create_access_token(bob, application=application).token,
        "unknown": "no-such-token",
    }
    requests = {
        kind: RequestFactory().get("/secret", headers=bearer(token))
        for kind, token in tokens.items()
    }
    backend = BearerTokenBackend()
    session = SessionStore()
    session.create()

    def session_check():
        SessionStore(session.session_key).load()
        User.objects.get(pk=alice.pk)

    checks = {
        "session": session_check,
        **{
            kind: lambda request=request: backend.verified_token(request)
            for kind, request in requests.items()
        },
    }
    series = []
    for size in SIZES:
        started = time.perf_counter()
        add_tokens(bob, application, size - get_access_token_model().objects.count())
        filled = time.perf_counter() - started
        with CaptureQueriesContext(connection) as queries:
            assert backend.verified_token(requests["many"]) is not None
            assert backend.verified_token(requests["unknown"]) is None
        assert len(queries) == 2, queries.captured_queries  # one query a check
        samples = {kind: [] for kind in checks}
        for _ in range(rounds):
            for kind, check in checks.items():
                seconds = timeit.timeit(check, timer=time.process_time, number=number)
                samples[kind].append(seconds / number)
        series.append(
            {
                "size": size,
                "filled": filled,
                **{kind: statistics.median(values) for kind, values in samples.items()},
                **{
                    f"{kind}/session": ratio(samples, kind, "session")
                    for kind in requests
                },
            }
        )
    return series


def add_tokens(user, application, count):
    """
    `count` more access tokens of `user`, made by the database itself in one
    statement, sorted by checksum so that the index grows at its end: the
    ORM would take minutes for 10⁶. SQLite has no SHA-256: there the
    checksums are random, which is what they look like.
    """
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone
    from oauth2_provider.models import get_access_token_model

    AccessToken = get_access_token_model()
    now = timezone.now()
    constant = {
        "user": user.pk,
        "application": application.pk,
        "expires": now + timedelta(days=1),
        "scope": "read write login",
        "created": now,
        "updated": now,
        "resource": [],
    }
    fields = {f.name: f for f in AccessToken._meta.concrete_fields}
    token = "'bench-token-' || i"
    checksum = {
        "postgresql": f"encode(sha256(convert_to({token}, 'UTF8')), 'hex')",
        "sqlite": "lower(hex(randomblob(32)))",
    }[connection.vendor]
    columns = ["token", "token_checksum", *constant]
    first = AccessToken.objects.count()
    last = first + count - 1
    numbers = {
        "postgresql": f"generate_series({first}, {last}) AS n(i)",
        "sqlite": f"(WITH RECURSIVE n(i) AS (SELECT {first} UNION ALL "
        f"SELECT i + 1 FROM n WHERE i < {last}) SELECT i FROM n)",
    }[connection.vendor]
    sql = (
        f"INSERT INTO {AccessToken._meta.db_table} "
        f"({', '.join(fields[name].column for name in columns)}) "
        f"SELECT {token}, {checksum}, {', '.join(['%s'] * len(constant))} "
        f"FROM {numbers} ORDER BY 2"
    )
    values = [
        fields[name].get_db_prep_save(value, connection)
        for name, value in constant.items()
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        # Room to sort the rows, and to keep the index in memory while it grows.
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA cache_size = -500000")  # 500 MB
        else:
            cursor.execute("SET LOCAL work_mem = '500MB'")
        cursor.execute(sql, values)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA cache_size = -2000")  # SQLite's default again
        cursor.execute("ANALYZE")  # as a database that grew slowly would know it


def render(kinds, queries, in_process, over_http, changes, series, args):
    def ms(seconds):
        return f"{seconds * 1000:.3f} ms"

    def µs(seconds):
        return f"{seconds * 1e6:.0f} µs"

    lines = []
    for title, samples in [
        ("In process, Django's test client", in_process),
        ("Over HTTP, gunicorn and wrk", over_http),
    ]:
        lines += [
            f"| {title} | SQL queries | Per request | × plain | × session |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        lines += [
            f"| {label} | {queries[name]} | {ms(statistics.median(samples[name]))} "
            f"| {ratio(samples, name, 'plain'):.2f}× "
            f"| {ratio(samples, name, 'session'):.2f}× |"
            for name, label, _path, _headers in kinds
        ]
        lines += ["", "<!-- chart: × session -->", ""]
    session = statistics.median(in_process["session"])
    lines += [
        "| What each change to DOT's classes saves | Before | After "
        "| Saved, × a session request |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {label} | {µs(before)} | {µs(after)} | {saved / session:.2f}× |"
        for label, before, after, saved in changes
    ]
    lines += ["", "<!-- chart: Saved, × a session request -->", ""]
    for database, rows in series.items():
        lines += [
            f"| {database}: tokens in the table, × a session's check "
            "| A user's only token | One of a user's many tokens | An unknown token |",
            "| --- | ---: | ---: | ---: |",
        ]
        lines += [
            f"| {power_of_ten(row['size'])} | {row['only/session']:.2f}× "
            f"| {row['many/session']:.2f}× | {row['unknown/session']:.2f}× |"
            for row in rows
        ]
        lines += ["", "<!-- chart: A user's only token -->", ""]
    lines += [*targets(queries, in_process, over_http, series), "", machine(args)]
    return "\n".join(lines) + "\n"


def power_of_ten(number):
    """10⁶ for 1000000."""
    exponent = str(len(str(number)) - 1)
    assert number == 10 ** int(exponent), number
    return "10" + exponent.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def ratio(samples, name, of):
    """The median of the rounds' ratios: each round's noise falls on both."""
    pairs = zip(samples[name], samples[of], strict=True)
    return statistics.median(a / b for a, b in pairs)


def targets(queries, in_process, over_http, series):
    def verdict(ok):
        return "met" if ok else "**missed**"

    local = ratio(in_process, "hardened", "session")
    http = ratio(over_http, "hardened", "session")
    growth = {
        database: max(
            row[f"{kind}/session"] / rows[0][f"{kind}/session"]
            for row in rows
            for kind in ("only", "many", "unknown")
        )
        for database, rows in series.items()
    }
    filled = ", ".join(
        f"{database} {sum(row['filled'] for row in rows):.0f} s"
        for database, rows in series.items()
    )
    return [
        f"- A token request costs exactly one SQL query: "
        f"{verdict(queries['stock'] == queries['hardened'] == 1)}.",
        f"- This tutorial's backend adds no query to DOT's: "
        f"{verdict(queries['hardened'] <= queries['stock'])}.",
        f"- A token request takes at most {TARGET:.2f}× a session request: "
        f"{verdict(local <= TARGET and http <= TARGET)} "
        f"({local:.2f}× in process, {http:.2f}× over HTTP; "
        f"DOT's classes: {ratio(in_process, 'stock', 'session'):.2f}× "
        f"and {ratio(over_http, 'stock', 'session'):.2f}×).",
        "- The token check costs at 10⁶ tokens what it costs at 10³, within "
        "noise: the most it grew is "
        + ", ".join(f"{g:.2f}× on {database}" for database, g in growth.items())
        + f" (the rows took {filled} to add).",
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
    postgres = subprocess.run(
        [str(postgres_bin() / "postgres"), "--version"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    postgres = re.search(r"\(PostgreSQL\) (\S+)", postgres)[1]
    return (
        f"Measured on {date.today():%Y-%m-%d}: {cpu}, {os.cpu_count()} cores, "
        f"{platform.system()}; Python {platform.python_version()}, "
        f"Django {version('Django')}, django-oauth-toolkit "
        f"{version('django-oauth-toolkit')}, gunicorn {version('gunicorn')}, "
        f"SQLite {__import__('sqlite3').sqlite_version}, PostgreSQL {postgres}. "
        f"Medians of {args.rounds} rounds: {args.requests} requests a round "
        f"in process (the CPU time of the process, which other processes "
        f"disturb less than the clock), {args.seconds:g} s a round over HTTP."
    )


if __name__ == "__main__":
    main()
