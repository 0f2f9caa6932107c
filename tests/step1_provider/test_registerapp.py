"""
Step 1: registering an application from the command line.

`manage.py registerapp` prints the client id and the plaintext secret once, and
fails loudly on bad input. DOT's own `createapplication` is tested too, for the
two habits that make it unfit for scripts.
"""

import re

import pytest
from django.core.management import call_command, execute_from_command_line
from oauth2_provider.models import get_application_model

from tests.tokens import REDIRECT_URI, basic_auth

Application = get_application_model()


def manage(capsys, *argv):
    """Run `manage.py *argv` in this process; return (exit status, stdout, stderr)."""
    try:
        execute_from_command_line(["manage.py", *argv])
        status = 0
    except SystemExit as exit:
        status = exit.code
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.django_db
def test_registerapp_prints_an_id_and_a_secret_that_work(client, capsys):
    status, out, _err = manage(
        capsys, "registerapp", "Nightly job", "--grant", "client-credentials"
    )

    assert status == 0
    client_id = re.search(r"^client_id: +(\S+)$", out, re.M)[1]
    secret = re.search(r"^client_secret: +(\S+)$", out, re.M)[1]
    application = Application.objects.get(client_id=client_id)
    assert application.client_secret != secret  # stored hashed
    response = client.post(
        "/o/token/",
        {"grant_type": "client_credentials"},
        headers=basic_auth(client_id, secret),
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_registerapp_registers_a_public_client_without_a_secret(capsys, alice):
    status, out, _err = manage(
        capsys,
        "registerapp",
        "Phone app",
        "--public",
        "--redirect-uri",
        REDIRECT_URI,
        "--owner",
        "alice",
    )

    assert status == 0
    assert "client_secret" not in out
    application = Application.objects.get(name="Phone app")
    assert application.client_type == Application.CLIENT_PUBLIC
    assert application.user == alice


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "redirect_uris cannot be empty with grant_type authorization-code"),
        (["--redirect-uri", "ftp://example.com/cb"], "invalid_scheme"),
        (["--redirect-uri", REDIRECT_URI, "--owner", "nobody"], 'No user "nobody"'),
        (
            ["--grant", "client-credentials", "--public"],
            "client-credentials grant needs a secret",
        ),
        (["--grant", "password"], "invalid choice: 'password'"),
    ],
    ids=[
        "no redirect URI",
        "ftp redirect URI",
        "unknown owner",
        "public client-credentials",
        "password grant",
    ],
)
def test_registerapp_fails_loudly_on_bad_input(capsys, argv, message):
    status, _out, err = manage(capsys, "registerapp", "Broken", *argv)

    assert status != 0
    assert message in err
    assert not Application.objects.exists()


@pytest.mark.dependency
@pytest.mark.django_db
def test_dot_createapplication_exits_0_on_invalid_input(capsys):
    status, out, _err = manage(
        capsys, "createapplication", "confidential", "authorization-code"
    )

    assert status == 0
    assert "Please correct the following errors" in out
    assert not Application.objects.exists()


@pytest.mark.dependency
@pytest.mark.django_db
def test_dot_createapplication_hides_the_client_id_when_named(capsys):
    call_command(
        "createapplication", "confidential", "client-credentials", "--name", "Job"
    )

    out = capsys.readouterr().out
    assert "New application Job created successfully." in out
    assert Application.objects.get().client_id not in out
