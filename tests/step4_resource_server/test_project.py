"""Step 4 is a project of its own: these tests run with its settings only."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings

from mysite import settings as project_settings
from mysite.views import api_echo, secret_page
from tests.servers import copy_step


def test_the_settings_in_use_are_this_steps(step_dir):
    assert settings.SETTINGS_MODULE == "tests.settings"
    assert Path(project_settings.__file__).parent.parent == step_dir


def test_the_resource_server_mounts_the_views_and_no_provider_endpoint():
    from mysite.resource_urls import urlpatterns

    routes = {str(pattern.pattern): pattern for pattern in urlpatterns}

    assert routes["secret"].callback is secret_page
    assert routes["api/echo"].callback is api_echo
    assert not any(route.startswith("o/") for route in routes)


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
