"""
The tested matrix: every step's tests and the "Use it in your project" recipe,
once for each Django a reader may have, each in a fresh virtual environment
installed from its own pinned requirements. `make test-matrix` runs them all;
the home page's table of tested versions is made from MATRIX.
"""

from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.error_on_missing_interpreters = True

# Python, and the requirements file that pins Django and everything else.
MATRIX = {
    "3.11": "requirements-dev.txt",  # Django 5.2, the long-term support release
    "3.13": "requirements-django61.txt",  # the newest Django
}
HERE = Path(__file__).resolve().parent


def pinned(requirements, package):
    """The version a requirements file, or one it includes, pins `package` to."""
    for line in (HERE / requirements).read_text().splitlines():
        if line.startswith("-r "):
            found = pinned(line.split()[1], package)
            if found:
                return found
        elif line.lower().startswith(f"{package.lower()}=="):
            return line.split("==")[1]
    return None


def session_name(requirements):
    return f"django-{pinned(requirements, 'Django')}"


def run_tests(requirements):
    def session(session):
        session.install("--quiet", "-r", requirements)
        # The Makefile's own targets, in this session's environment; all of
        # them run (--keep-going), and the session fails if any of them fails.
        session.run(
            "make",
            "--no-print-directory",
            "--keep-going",
            f"BIN={session.bin}",
            "TESTS_NEED=",
            "RECIPE_MARKS=",
            "test-step1",
            "test-step2",
            "test-step3",
            "test-step4",
            "test-recipe",
            external=True,
        )

    return session


for python, requirements in MATRIX.items():
    tests = run_tests(requirements)
    tests.__doc__ = f"Every step's tests and the recipe, from {requirements}"
    nox.session(name=session_name(requirements), python=python)(tests)
