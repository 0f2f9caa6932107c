"""
The tested matrix: the home page's table is the nox session list, and the
newest Django's requirements differ from the main ones only by Django.
"""

import json
import subprocess
import sys
import warnings

from docs_src.hooks.versions import rows
from tests import REPO

MAIN = ["requirements.txt", "requirements-dev.txt"]
NEWEST = "requirements-django61.txt"


def pins(*names):
    return dict(
        line.split("==")
        for name in names
        for line in (REPO / name).read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )


def test_the_home_page_lists_every_nox_session():
    listed = subprocess.run(
        [sys.executable, "-m", "nox", "--list", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    sessions = [(s["name"], s["python"]) for s in json.loads(listed)]
    assert [(session, python) for session, python, *_versions in rows()] == sessions
    assert len(sessions) >= 2


def test_the_newest_djangos_requirements_differ_only_by_django():
    main, newest = pins(*MAIN), pins(NEWEST)
    assert main["Django"].startswith("5.2.")
    assert newest["Django"] > main["Django"]
    # Everything the projects and their tests install, at the same version.
    assert set(pins("requirements.txt")) <= set(newest)
    for package, version in newest.items():
        if package != "Django":
            assert main.get(package) == version, package


def test_the_matrix_runs_each_django_on_a_python_it_supports():
    # Django 6.0 and newer need Python 3.12 or newer; 5.2 runs on 3.10 and up.
    for session, python, *_versions in rows():
        django = tuple(int(part) for part in session.removeprefix("django-").split("."))
        needs = (3, 12) if django >= (6, 0) else (3, 10)
        assert tuple(int(part) for part in python.split(".")) >= needs, session


def test_the_matrix_can_be_read_twice_in_one_process():
    # nox warns of a session registered twice, and will refuse it.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert rows() == rows()
