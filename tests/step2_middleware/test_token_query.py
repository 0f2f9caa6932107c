"""
Step 2: the token of a request costs one SQL query, and BearerTokenValidator
builds it without the ORDER BY that makes DOT's own query expensive to build.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.tokens import bearer
from tokenauth.validators import BearerTokenValidator

pytestmark = pytest.mark.urls("tests.urls")


def load(validator, token):
    with CaptureQueriesContext(connection) as queries:
        found = validator._load_access_token(token)
    [query] = queries
    return found, query["sql"]


@pytest.mark.dependency
def test_dots_validator_orders_the_token_query(alice, make_token):
    token = make_token(alice)

    found, sql = load(OAuth2Validator(), token.token)

    assert found == token
    assert "ORDER BY" in sql


def test_the_tutorials_validator_finds_the_same_token_without_order_by(
    alice, make_token
):
    token = make_token(alice)

    found, sql = load(BearerTokenValidator(), token.token)

    assert found == token
    assert found.user == alice  # joined: reading it costs no query
    assert "ORDER BY" not in sql
    assert sql.count("JOIN") == 2


def test_an_unknown_token_is_none(db):
    found, _sql = load(BearerTokenValidator(), "no-such-token")

    assert found is None


def test_a_token_request_costs_one_query_built_by_the_tutorials_validator(
    client, alice, make_token
):
    token = make_token(alice)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/whoami", headers=bearer(token.token))

    assert response.json()["user"] == "alice"
    [query] = queries
    assert "ORDER BY" not in query["sql"]
