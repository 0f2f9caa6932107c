"""
Settings for the benchmark: step 3's own, as production would run them
(DEBUG off), with a file database and a plain view to compare with.
"""

import os

from mysite.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
ROOT_URLCONF = "bench.urls"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["BENCH_DATABASE"],
    }
}
