"""Step 4 is a project of its own: these tests run with its settings only."""

import importlib.util
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from mysite import settings as project_settings
from mysite.views import api_echo, secret_page
from tests import REPO
from tests.servers import copy_step


def resource_server_settings():
    """
    Step 4's mysite/resource_server.py run anew, as a server process reads it
    when it starts: a module of its own, with the environment of now.
    """
    origin = importlib.util.find_spec("mysite.resource_server").origin
    spec = importlib.util.spec_from_file_location("mysite.anew", origin)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_settings_in_use_are_this_steps(step_dir):
    assert settings.SETTINGS_MODULE == "tests.settings"
    assert Path(project_settings.__file__).parent.parent == step_dir


def test_the_resource_server_mounts_the_views_and_no_provider_endpoint():
    from mysite.resource_urls import urlpatterns

    routes = {str(pattern.pattern): pattern for pattern in urlpatterns}

    assert routes["secret"].callback is secret_page
    assert routes["api/echo"].callback is api_echo
    assert not any(route.startswith("o/") for route in routes)


def test_the_provider_and_the_resource_server_keep_a_database_each():
    # Read in one process, as this test run reads them, too.
    resource_server = resource_server_settings()

    provider_db = project_settings.DATABASES["default"]["NAME"]
    assert resource_server.DATABASES["default"]["NAME"] != provider_db


def test_the_resource_server_passes_djangos_checks(step_dir, tmp_path):
    # In a copy: Django 6.1's check opens the database, which creates the file.
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--fail-level", "WARNING"],
        cwd=copy_step(step_dir.name, tmp_path),
        env={"DJANGO_SETTINGS_MODULE": "mysite.resource_server", "PATH": ""},
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


# What `check --deploy` still says of the topology's servers, each explained
# on step 4's page: HTTPS is the job of the proxy in front of them, and DOT
# 3.4's RFC 9700 gates are off until DOT 4 turns them on.
EXPLAINED = {
    "security.W004",
    "security.W008",
    "security.W012",
    "security.W016",
    *(f"oauth2_provider.W00{n}" for n in range(1, 9)),
}


@pytest.mark.parametrize(
    "settings_module", ["mysite.settings", "mysite.resource_server"]
)
def test_as_the_topology_runs_them_check_deploy_says_only_what_the_page_explains(
    step_dir, tmp_path, settings_module
):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=copy_step(step_dir.name, tmp_path),
        env={
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "PATH": "",
        },
        capture_output=True,
        text=True,
    )

    said = set(re.findall(r"^\?: \(([\w.]+)\)", result.stderr, re.MULTILINE))
    assert said == EXPLAINED, result.stderr
    page = (REPO / "docs/step4.md").read_text()
    assert all(f"`{check}`" in page for check in EXPLAINED)
