"""
Step 3: the SQL queries of each kind of request to /secret, pinned, so that a
change that adds one fails here (the performance page measures the time).
"""

import pytest

from tests.tokens import bearer


def test_no_credentials_cost_no_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/secret").status_code == 302


def test_a_session_costs_two_queries(client, alice, django_assert_num_queries):
    client.force_login(alice)

    with django_assert_num_queries(2):  # the session, then its user
        assert client.get("/secret").status_code == 200


@pytest.fixture(params=["hardened", "stock"])
def setup(request):
    """This step's classes, or DOT's own in their place."""
    if request.param == "stock":
        request.getfixturevalue("stock")
    return request.param


def test_a_token_costs_one_query(
    client, setup, alice, make_token, django_assert_num_queries
):
    token = make_token(alice)

    with django_assert_num_queries(1):  # the token, its application and its user
        assert client.get("/secret", headers=bearer(token.token)).status_code == 200


def test_a_bad_token_costs_one_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert client.get("/secret", headers=bearer("no-such-token")).status_code == 302


def test_the_api_costs_one_query(client, alice, make_token, django_assert_num_queries):
    token = make_token(alice)

    with django_assert_num_queries(1):
        assert client.get("/api/echo", headers=bearer(token.token)).status_code == 200
