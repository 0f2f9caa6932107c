"""
Settings for the tests of one step: that step's own settings, plus speed.

pytest runs from inside a step's folder, so ``mysite`` below is that step's
project package; tests/<step>/test_project.py proves it.
"""

from mysite.settings import *  # noqa: F403

# The default hasher is slow on purpose (it defends stored passwords); tests
# create many users and need no such defence.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
