"""Step 3 is a project of its own: these tests run with its settings only."""

from pathlib import Path

from django.conf import settings
from django.urls import resolve

from mysite import settings as project_settings
from mysite.views import api_echo, secret_page


def test_the_settings_in_use_are_this_steps(step_dir):
    assert settings.SETTINGS_MODULE == "tests.settings"
    assert Path(project_settings.__file__).parent.parent == step_dir


def test_secret_is_mounted_with_path():
    match = resolve("/secret")
    assert match.func is secret_page
    assert match.url_name == "secret"
    assert match.route == "secret"


def test_the_api_endpoint_is_mounted_beside_it():
    match = resolve("/api/echo")
    assert match.func is api_echo
    assert match.url_name == "api-echo"


def test_the_home_page_links_to_what_there_is_to_try(client):
    response = client.get("/")

    assert response.status_code == 200
    for path in ["/secret", "/api/echo", "/accounts/login/", "/o/applications/"]:
        assert f'href="{path}"' in response.text, path
    assert 'href="/admin/"' in response.text
