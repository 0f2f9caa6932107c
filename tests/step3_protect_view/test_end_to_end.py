"""
Step 3, end to end over a real socket on 127.0.0.1: get a token the way step 1
teaches, then run the documented curl command, literally, with the system curl.
"""

import re

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from oauth2_provider.models import get_application_model

from tests.clients import curl

Application = get_application_model()

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_documented_curl_command_opens_the_secret_page(
    live_server, approved_token, alice, application
):
    approved = approved_token(application, "alice", "--scope", "read login")
    token = approved["access_token"]

    out = curl(
        f'curl -H "Authorization: Bearer {token}" -X GET {live_server.url}/secret'
    )

    assert out == "Secret contents!\n"


def test_without_a_token_curl_gets_the_login_redirect(live_server):
    out = curl(f'curl -w "%{{http_code}} %{{redirect_url}}" {live_server.url}/secret')

    assert out == f"302 {live_server.url}/accounts/login/?next=/secret"


def run_demo(capsys, base_url):
    """Run `manage.py demo`; return what it printed."""
    call_command("demo", "--base-url", base_url)
    return capsys.readouterr().out


def printed(pattern, out):
    return re.search(pattern, out, re.MULTILINE)[1]


def test_the_demo_command_prints_a_curl_command_that_works(live_server, capsys):
    out = run_demo(capsys, live_server.url)

    assert curl(printed(r"^(curl .*)$", out)) == "Secret contents!\n"


def test_the_demo_command_prints_a_password_and_a_client_that_work(
    client, live_server, capsys
):
    out = run_demo(capsys, live_server.url)

    password = printed(r"as demo, password (\S+)$", out)
    application = Application.objects.get(client_id=printed(r"^Client id (\S+)$", out))
    assert client.login(username="demo", password=password)
    assert check_password(
        printed(r"^Client secret (\S+)$", out), application.client_secret
    )


def test_the_demo_command_can_run_again(live_server, capsys):
    first = printed(r"^(curl .*)$", run_demo(capsys, live_server.url))
    again = printed(r"^(curl .*)$", run_demo(capsys, live_server.url))

    assert again != first
    assert curl(again) == "Secret contents!\n"
