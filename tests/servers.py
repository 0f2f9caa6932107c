"""
A step served as a reader serves it: a fresh copy of its folder, the
reader's environment, runserver or gunicorn on a free port of 127.0.0.1.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tests import REPO
from tests.tokens import PASSWORD


def free_port():
    """A port of 127.0.0.1 that nothing listens on, for a server to start on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_step(step, parent):
    """A fresh copy of a step's folder, without its database and caches."""
    copy = parent / step
    shutil.copytree(
        REPO / step,
        copy,
        ignore=shutil.ignore_patterns("db.sqlite3", "__pycache__", ".*"),
    )
    return copy


def reader_env(**extra):
    """
    The environment of a reader's shell after `source .venv/bin/activate`:
    `python` is the virtual environment's, and no test setting leaks in.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH"}
    }
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return {**env, **extra}


# The command that serves a step's folder, followed by the address to listen
# on: runserver, as the pages say, or gunicorn, as a production deployment
# would, with threads that keep connections alive.
SERVERS = {
    "runserver": ["python", "manage.py", "runserver", "--noreload"],
    "gunicorn": [
        "gunicorn",
        "mysite.wsgi",
        "--worker-class",
        "gthread",
        "--threads",
        "4",
        "--bind",
    ],
}


@contextmanager
def serve_step(step, parent, username="admin", server="runserver"):
    """
    Run a step as its page says, in a fresh copy: migrate, create a superuser
    whose password is PASSWORD, and start `server` (one of SERVERS) on a free
    port of 127.0.0.1. Yields the server's address and the copy's folder.
    """
    folder = copy_step(step, parent)
    env = reader_env(DJANGO_SUPERUSER_PASSWORD=PASSWORD)

    def manage(*args):
        subprocess.run(
            ["python", "manage.py", *args],
            cwd=folder,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    manage("migrate", "--verbosity", "0")
    manage(
        "createsuperuser",
        "--noinput",
        "--username",
        username,
        "--email",
        f"{username}@example.com",
    )
    with serving(folder, env, server) as address:
        yield address, folder


@contextmanager
def serving(folder, env, server="runserver"):
    """
    Start `server` (one of SERVERS) in a project's folder, on a free port of
    127.0.0.1, and stop it on leaving. Yields the server's address.
    """
    port = free_port()
    process = subprocess.Popen(
        [*SERVERS[server], f"127.0.0.1:{port}"],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_for_port(port, timeout=30):
    """Wait until a server listens on a port of 127.0.0.1."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline, f"nothing listens on port {port}"
            time.sleep(0.1)
