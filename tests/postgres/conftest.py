"""
Step 4's two servers, live for the whole run: PostgreSQL, the provider and the
resource server under gunicorn with two workers each (scripts/topology.py).
"""

from itertools import count

import pytest
import requests

from scripts.topology import topology
from tests.tokens import bearer

batches = count()


@pytest.fixture(scope="session")
def sites(tmp_path_factory):
    folder = tmp_path_factory.mktemp("topology")
    with topology(folder, "tests.postgres.resource_settings") as sites:
        yield sites


@pytest.fixture
def make_users(sites):
    """Users of the provider with a token each, known to the resource server."""

    def make(count=1):
        # New names every time: the servers keep their databases for the run.
        return sites.users_with_tokens(f"b{next(batches)}u", count)

    return make


@pytest.fixture
def served_users(sites, make_users):
    """
    Twenty users whose tokens the resource server has just answered, and a
    newcomer whose token it has not met: (url, {username: token}, newcomer).
    """
    tokens = make_users(20)
    [newcomer] = make_users().values()
    url = f"{sites.resource.url}/api/echo"
    for token in tokens.values():
        assert requests.get(url, headers=bearer(token), timeout=30).status_code == 200
    return url, tokens, newcomer
