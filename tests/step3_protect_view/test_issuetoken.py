"""
Step 3: `manage.py issuetoken`, a first token without a browser, as a reader
would run it over SSH.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.tokens import bearer
from tokenauth.management.commands.issuetoken import Command as IssueToken


def issuetoken(*args):
    out = StringIO()
    call_command("issuetoken", *args, stdout=out)
    return out.getvalue()


def test_issuetoken_prints_a_token_that_opens_a_login_required_view(client, bob):
    printed = issuetoken("bob")
    token = printed.strip()
    assert printed == f"{token}\n"  # the token alone, for TOKEN=$(...)
    response = client.get("/secret", headers=bearer(token))
    assert response.content == b"Secret contents!\n"
    assert bob.oauth2_provider_accesstoken.get().scope == "login"


def test_issuetoken_grants_the_scopes_asked_for(bob):
    issuetoken("bob", "--scope", "read", "--scope", "login", "--expires-in", "60")
    token = bob.oauth2_provider_accesstoken.get()
    assert token.scope == "read login"
    assert 50 < (token.expires - token.created).total_seconds() <= 60


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody"], 'No user with username "nobody".'),
        (["carol"], '"carol" is inactive: a token would not work.'),
        (["bob", "--scope", "admin"], "Unknown scope admin"),
    ],
    ids=["unknown user", "inactive user", "unknown scope"],
)
def test_issuetoken_refuses_what_would_not_work(make_user, bob, args, message):
    make_user("carol", is_active=False)
    with pytest.raises(CommandError, match=message):
        issuetoken(*args)
    assert not bob.oauth2_provider_accesstoken.exists()


def test_issuetoken_names_the_field_it_looks_users_up_by(db):
    # With a custom user model that logs in by e-mail, both say "email"
    # (tests/recipe/test_existing_projects.py runs it with one).
    parser = IssueToken().create_parser("manage.py", "issuetoken")

    with pytest.raises(CommandError, match='No user with username "admin"'):
        issuetoken("admin")
    assert "USERNAME_FIELD" in parser.format_help()
