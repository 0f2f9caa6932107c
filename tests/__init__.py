"""The tests of every step, of the tokenauth app, of the repository and of the site."""

from pathlib import Path

#: The root of the repository.
REPO = Path(__file__).resolve().parent.parent
