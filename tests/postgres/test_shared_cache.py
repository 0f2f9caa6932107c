"""
Step 4 when its shared cache, the topology's Redis, hangs and then dies while
users send valid tokens, over real sockets: both servers under gunicorn.
"""

import re
import time

import requests

from scripts.trouble import SteadyUsers
from tests.postgres.limits import LAG, PROBE
from tests.tokens import bearer

# Time for the servers themselves on a busy machine, on top of a bound.
SLACK = 1.5
# The socket timeouts of step 4's CACHES OPTIONS.
REDIS_TIMEOUT = 0.5


def test_with_redis_hung_then_stopped_valid_tokens_are_served_and_counted_again(
    sites, served_users
):
    url, tokens, newcomer = served_users
    errors = sites.resource.log.with_suffix(".err")
    logged_before = len(errors.read_text())

    try:
        with SteadyUsers(url, tokens) as users:
            time.sleep(1)
            sites.redis.pause()  # hung: it takes connections, answers nothing
            # On past the lag, so that every token is asked about again.
            time.sleep(LAG + 1)
            sites.redis.stop()  # and then gone
            time.sleep(LAG + 1)
    finally:
        sites.redis.stop()
        sites.redis.start()  # back, empty
    # Each worker tries Redis again a probe interval after its last failure.
    time.sleep(PROBE + 0.5)
    newcomer_status = requests.get(url, headers=bearer(newcomer), timeout=30)
    printed = sites.resource.manage("introspection")

    print(
        f"Redis hung, then stopped, 20 users: {users.summary()}; "
        f"longest {users.longest:.1f} s"
    )
    assert newcomer_status.status_code == 200
    assert users.statuses[200] > 20
    assert (users.refused, users.server_errors, users.statuses[0]) == (0, 0, 0)
    # A request's own wait for Redis, and that of the request ahead of it in
    # its worker: then each worker leaves Redis alone for a probe interval.
    assert users.longest < 2 * REDIS_TIMEOUT + SLACK
    # Counted again: the newcomer's introspection, in the new Redis.
    lines = [line.strip() for line in printed.splitlines()]
    assert "1  introspections" in lines
    # One line for each kind of failure, from each of the two workers at most.
    logged = errors.read_text()[logged_before:]
    kinds = re.findall(r"Cache unreachable \((\w+)\)", logged)
    assert set(kinds) == {"TimeoutError", "ConnectionError"}
    assert len(kinds) <= 4
    assert "Cache reachable again" in logged
