"""A bounded load run with wrk on the resource server: 50 users, 10 000 requests."""

from scripts.load import load_run


def test_under_load_every_answer_names_the_tokens_own_user(sites, make_users):
    tokens = make_users(50)

    load = load_run(f"{sites.resource.url}/api/echo", tokens, requests=10_000)

    print(f"{load.answered} answers, {load.per_second:.0f} per second")
    assert load.answered >= 10_000
    assert (load.wrong, load.errors) == (0, 0)
