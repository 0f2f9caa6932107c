"""
Step 2: the token of a request costs one SQL query, and BearerTokenValidator
builds it without the ORDER BY and the join to the application that make DOT's
own query expensive to build.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oauth2_provider.models import get_application_model
from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.tokens import bearer
from tokenauth.validators import BearerTokenValidator

pytestmark = pytest.mark.urls("tests.urls")
Application = get_application_model()


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
    assert "ORDER BY" not in sql


def test_the_tutorials_validator_joins_the_user_but_not_the_application(
    alice, make_token, application, django_assert_num_queries
):
    token = make_token(alice, application=application)

    found, sql = load(BearerTokenValidator(), token.token)

    assert sql.count("JOIN") == 1
    assert f'"{Application._meta.db_table}"' not in sql
    with django_assert_num_queries(0):  # all loaded by the one query
        assert found.user == alice
        assert found.user.get_deferred_fields() == found.get_deferred_fields() == set()
        # The application, as .only("id") would load it.
        assert found.application == application
        assert found.application.get_deferred_fields() == {
            field.attname
            for field in Application._meta.concrete_fields
            if not field.primary_key
        }
    with django_assert_num_queries(1):  # a column of the application, if read
        assert found.application.name == application.name


def test_the_token_query_searches_two_indexes_and_scans_no_table(
    alice, make_token, application
):
    token = make_token(alice, application=application)
    _found, sql = load(BearerTokenValidator(), token.token)

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = [row[-1] for row in cursor.fetchall()]

    # The token by its checksum's unique index, its user by primary key: the
    # same two steps with 10 tokens or 10 million (the benchmark times them).
    assert len(plan) == 2, plan
    assert "USING INDEX" in plan[0]
    assert "token_checksum" in plan[0]
    assert "USING INTEGER PRIMARY KEY" in plan[1]


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
