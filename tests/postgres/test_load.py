"""A bounded load run with wrk on the resource server: 50 users, 10 000 requests."""

from scripts.load import load_run
from scripts.topology import RESOURCE_SETTINGS


def test_under_load_every_answer_names_the_tokens_own_user(sites, make_users):
    tokens = make_users(50)
    # Step 4's own settings, lag included, on the same database, two workers.
    server = sites.resource_server(RESOURCE_SETTINGS, name="load")
    server.start(workers=2)
    try:
        load = load_run(f"{server.url}/api/echo", tokens, requests=10_000)
    finally:
        server.stop()

    print(f"{load.answered} answers, {load.per_second:.0f} per second")
    assert load.answered >= 10_000
    assert (load.wrong, load.errors) == (0, 0)
