"""
Step 4's topology on one machine: a throwaway PostgreSQL cluster and Redis, the
provider and the resource server, each under gunicorn on its own database, both
with production's settings (DEBUG off, a secret key of their own).

    make run-resource-server    # runs: .venv/bin/python -m scripts.topology

brings it all up, prints a curl command that opens the resource server's
login_required page with a token that the provider issued, and stops it all
on Ctrl-C. The tests and the benchmark use the same pieces.

PostgreSQL and Redis come from Debian's packages (apt-get install postgresql
redis-server); as root, both run as the user "nobody". They listen on
127.0.0.1 (and PostgreSQL on a socket in a temporary folder) and trust local
connections: they are for tests and demos only, and are gone when they stop.
The resource server keeps its introspection answers, breaker and counts in
Redis; every ten minutes the topology removes its expired AccessToken rows
with DOT's `manage.py cleartokens`.
"""

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

from tests.servers import free_port, wait_for_port

REPO = Path(__file__).resolve().parent.parent
STEP = REPO / "step4_resource_server"
PROVIDER_SETTINGS = "mysite.settings"
RESOURCE_SETTINGS = "mysite.resource_server"
# How often main() removes expired AccessToken rows from the resource server.
CLEAN_EVERY = 600


def as_nobody(folder):
    """The command prefix that runs a server as "nobody" when we are root."""
    if os.geteuid() != 0:
        return []
    # The servers refuse root, or should: "nobody" owns their folder.
    os.chown(folder, 65534, 65534)
    return ["runuser", "-u", "nobody", "--"]


def postgres_bin():
    """The newest PostgreSQL server that Debian's packages installed."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/postgres"),
        key=lambda path: int(path.parent.parent.name),
    )
    if not found:
        sys.exit("PostgreSQL is missing: apt-get install postgresql")
    return found[-1].parent


@contextmanager
def postgres(databases):
    """A new cluster with `databases`; yields the environment that reaches it."""
    with tempfile.TemporaryDirectory(prefix="step4-postgres-") as folder:
        # The server's files and its socket, in a folder it may write.
        home = Path(folder)
        data, log = home / "data", home / "server.log"
        as_server = as_nobody(home)
        bin_ = postgres_bin()
        port = free_port()

        def server(*command):
            subprocess.run(
                [*as_server, str(bin_ / command[0]), *command[1:]],
                check=True,
                stdout=subprocess.DEVNULL,
            )

        server("initdb", "-D", str(data), "-U", "django", "--auth=trust", "--no-sync")
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {home} -c fsync=off"
        server("pg_ctl", "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
        env = {"PGHOST": str(home), "PGPORT": str(port), "PGUSER": "django"}
        try:
            for name in databases:
                subprocess.run(
                    [str(bin_ / "createdb"), name],
                    env={**os.environ, **env},
                    check=True,
                )
            yield env
        finally:
            server("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")


class Redis:
    """A Redis server, in memory only, that a test may pause, stop and start again."""

    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                *as_nobody(Path(self.folder)),
                *(shutil.which("redis-server"), "--bind", "127.0.0.1"),
                *("--port", str(self.port), "--dir", self.folder),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
            # Its own process group: signals reach Redis, not only runuser.
            start_new_session=True,
        )
        wait_for_port(self.port)

    def signal(self, number):
        os.killpg(self.process.pid, number)

    def stop(self):
        """Stop it as a crash would, paused or not: at once, its memory gone."""
        with suppress(ProcessLookupError):  # stopped already
            self.signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def pause(self):
        """Freeze it: connections are accepted, but nothing answers."""
        self.signal(signal.SIGSTOP)

    def resume(self):
        self.signal(signal.SIGCONT)


@contextmanager
def redis():
    """A new Redis server, in memory only; yields it (its URL is .url)."""
    if shutil.which("redis-server") is None:
        sys.exit("Redis is missing: apt-get install redis-server")
    with tempfile.TemporaryDirectory(prefix="step4-redis-") as folder:
        server = Redis(folder)
        server.start()
        try:
            yield server
        finally:
            server.stop()


class Site:
    """One role of step 4's project: its settings, its database, its server."""

    def __init__(self, settings, env, log):
        self.env = {
            **os.environ,
            **env,
            # As in production: DEBUG off, and a secret key of its own.
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_SETTINGS_MODULE": settings,
            # The repository too, for settings modules of the tests.
            "PYTHONPATH": str(REPO),
        }
        self.log = log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def manage(self, *args):
        """Run manage.py in this role; return what it prints."""
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=STEP,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def python(self, code):
        """Run Python with this role's Django set up; return what it prints."""
        return self.manage("shell", "--no-imports", "-c", code)

    def start(self, workers=2, asgi=False):
        """Under gunicorn; or with `asgi`, under uvicorn, an ASGI server."""
        errors = self.log.with_suffix(".err").open("a")
        if asgi:
            server = [
                *(sys.executable, "-m", "uvicorn", "mysite.asgi:application"),
                *("--host", "127.0.0.1", "--port", str(self.port)),
                *("--workers", str(workers), "--log-level", "warning"),
            ]
        else:
            server = [
                *(sys.executable, "-m", "gunicorn", "mysite.wsgi:application"),
                *("--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)),
                *("--access-logfile", str(self.log), "--log-level", "warning"),
            ]
        self.process = subprocess.Popen(
            server,
            cwd=STEP,
            env=self.env,
            # What the workers print (Django's warnings) goes beside the log.
            stderr=errors,
            # Its own process group: pause() and stop() reach every worker.
            start_new_session=True,
        )
        errors.close()
        wait_for_port(self.port)

    def stop(self):
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None

    def pause(self):
        """Freeze the server: connections open, but nothing answers."""
        os.killpg(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.killpg(self.process.pid, signal.SIGCONT)

    def requests_to(self, path):
        """How many requests to `path` this server has logged."""
        if not self.log.exists():
            return 0
        return len(re.findall(rf'"[A-Z]+ {re.escape(path)}[ ?]', self.log.read_text()))


class Topology:
    """The provider and the resource server, migrated, the second registered."""

    def __init__(self, folder, pg_env, redis, resource_settings=RESOURCE_SETTINGS):
        folder = Path(folder)
        self.redis = redis
        self.provider = Site(
            PROVIDER_SETTINGS, {**pg_env, "PGDATABASE": "provider"}, folder / "p.log"
        )
        self.provider.manage("migrate", "--noinput")
        self.folder = folder
        self.resource_env = {
            **pg_env,
            "PGDATABASE": "resource",
            "PROVIDER_URL": self.provider.url,
            "REDIS_URL": redis.url,
            **self.register("Resource server"),
        }
        self.resource = self.resource_server(resource_settings)
        self.resource.manage("migrate", "--noinput")

    def register(self, name):
        """Register a resource server at the provider; return its credentials."""
        printed = self.provider.manage("resourceserver", name)
        return dict(line.split("=", 1) for line in printed.split())

    def clean(self):
        """Remove the resource server's expired AccessToken rows (DOT's command)."""
        self.resource.manage("cleartokens")

    def resource_server(self, settings, name="rs"):
        """A resource server with `settings`, on the resource server's database."""
        return Site(settings, self.resource_env, self.folder / f"{name}.log")

    def users_with_tokens(self, prefix, count):
        """
        Users of the provider with a token each, their accounts on the resource
        server made as its operator would; returns {username: token}.
        """
        code = f"""
import json
from django.contrib.auth import get_user_model
from tests.tokens import create_access_token
tokens = {{}}
for n in range({count}):
    user = get_user_model().objects.create_user("{prefix}%03d" % n)
    tokens[user.username] = create_access_token(user).token
print(json.dumps(tokens))
"""
        tokens = json.loads(self.provider.python(code))
        self.resource.python(
            "from django.contrib.auth import get_user_model\n"
            f"for name in {sorted(tokens)!r}:\n"
            "    get_user_model().objects.create_user(name)\n"
        )
        return tokens


@contextmanager
def topology(folder, resource_settings=RESOURCE_SETTINGS, workers=2, databases=()):
    """
    PostgreSQL and Redis, then both servers under gunicorn; all stopped on the
    way out. `databases` are more, for more resource servers.
    """
    with ExitStack() as stack:
        pg_env = stack.enter_context(postgres(["provider", "resource", *databases]))
        cache = stack.enter_context(redis())
        sites = Topology(folder, pg_env, cache, resource_settings)
        for site in (sites.provider, sites.resource):
            site.start(workers)
            stack.callback(site.stop)
        yield sites


def main():
    with (
        tempfile.TemporaryDirectory(prefix="step4-") as folder,
        topology(folder) as sites,
    ):
        printed = sites.provider.manage("demo", "--base-url", sites.resource.url)
        # demo's account on the resource server: no password, so a token may use it.
        sites.resource.python(
            "from django.contrib.auth import get_user_model\n"
            "get_user_model().objects.create_user('demo')\n"
        )
        curl = next(line for line in printed.splitlines() if line.startswith("curl"))
        print(
            f"The provider, on PostgreSQL and gunicorn: {sites.provider.url}\n"
            f"The resource server, likewise: {sites.resource.url}\n"
            "\n"
            "Open the resource server's login_required page with a token that the\n"
            "provider issued to the user demo:\n"
            "\n"
            f"{curl}\n"
            "\n"
            "Ctrl-C stops both servers, PostgreSQL and Redis.",
            flush=True,
        )
        clean_until_a_stop_signal(sites)


def clean_until_a_stop_signal(sites):
    """
    Remove expired AccessToken rows every CLEAN_EVERY seconds; return on
    Ctrl-C or on SIGTERM, so that everything started is stopped.
    """
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with suppress(KeyboardInterrupt):
        while True:
            time.sleep(CLEAN_EVERY)
            sites.clean()


if __name__ == "__main__":
    main()
