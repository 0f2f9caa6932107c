"""
Settings for the benchmark: step 3's own, as production would run them
(DEBUG off), with a file database and a plain view to compare with. The
database is SQLite (BENCH_DATABASE names the file), or PostgreSQL where the
environment names one, as step 4 reaches it: libpq reads PGDATABASE, and
PGHOST, PGPORT and PGUSER beside it.
"""

import os

from mysite.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
ROOT_URLCONF = "bench.urls"
if os.environ.get("PGDATABASE"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ["PGDATABASE"],
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ["BENCH_DATABASE"],
        }
    }
