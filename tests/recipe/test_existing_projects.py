"""
"Use it in your project" followed from the projects readers already have,
not from `startproject`. Each starting project is built here from its own
files (tests/recipe/projects/<name>/: its settings.py goes at the end of
startproject's, every other file is copied in), migrated, and given a
superuser, and (a) its tokens, before the recipe. Then the page's console
session copies tokenauth/ and its blocks are applied as a reader of the
section "From your existing project" would: a project with DOT keeps its
OAUTH2_PROVIDER through the `merge` block, and a project's urls.py gets the
lines of the page's that it does not have. A live runserver proves the result.

Four projects, each migrated twice and tested once, cost some 90 s of CPU:
`make test-matrix` runs them (they are marked `matrix`), once per Django.
"""

import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from tests import REPO
from tests.recipe.page import ALL_BLOCKS, BLOCKS, START, apply, manage, text_of
from tests.repo.test_transcripts import Terminal, parse
from tests.servers import reader_env, serving
from tests.tokens import PASSWORD, bearer

pytestmark = pytest.mark.matrix

PROJECTS = Path(__file__).parent / "projects"
ADMIN_LOGIN = "/admin/login/"
ACCOUNTS_LOGIN = "/accounts/login/"
LOGIN_REQUIRED = "django.contrib.auth.middleware.LoginRequiredMiddleware"
BEARER = "tokenauth.middleware.BearerTokenMiddleware"
DOTS_MIDDLEWARE = "oauth2_provider.middleware.OAuth2TokenMiddleware"


@dataclass
class Start:
    """A starting project, and what its own pages should do after the recipe."""

    #: The superuser, who is given the token: `createsuperuser` options, and
    #: the USERNAME_FIELD value that `issuetoken` takes.
    superuser: tuple
    username: str = "admin"
    #: A block of the numbered steps: the page's block to use in its place.
    instead: dict = field(default_factory=dict)
    #: The page's blocks to add after those of the numbered steps.
    also: tuple = ()
    #: Pages of the project's own that a token opens: path, and what they show.
    opens: dict = field(default_factory=dict)
    #: Pages a token must not open: path, and the login page they send it
    #: to, or None for DRF's 403 to a user who is logged in but not staff.
    refused: dict = field(default_factory=dict)


ADMIN_PAGES = {
    "/admin/": ADMIN_LOGIN,
    "/admin/auth/user/": ADMIN_LOGIN,
    "/admin/auth/user/add/": ADMIN_LOGIN,
}
STARTS = {
    # (a) DOT's tutorial: tuples, DOT's middleware and backend, read and
    # write scopes, a ProtectedResourceView, tokens issued before.
    "dot_tutorial": Start(
        superuser=("--username", "admin", "--email", "admin@example.com"),
        instead={"oauth2-provider": "merge"},
        refused={
            **ADMIN_PAGES,
            "/admin/doc/": ADMIN_LOGIN,
            "/admin/doc/models/": ADMIN_LOGIN,
            "/staff/reports": ADMIN_LOGIN,
            "/o/applications/": ADMIN_LOGIN,
            "/o/authorized_tokens/": ADMIN_LOGIN,
        },
    ),
    # (b) LoginRequiredMiddleware, after AuthenticationMiddleware.
    "login_required_middleware": Start(
        superuser=("--username", "admin", "--email", "admin@example.com"),
        opens={"/dashboard": "Dashboard of admin"},
        refused={
            # LoginRequiredMiddleware answers before the admin's model pages.
            "/admin/": ADMIN_LOGIN,
            "/admin/auth/user/": ACCOUNTS_LOGIN,
            "/admin/auth/user/add/": ACCOUNTS_LOGIN,
            "/staff": ACCOUNTS_LOGIN,
            "/o/applications/": ACCOUNTS_LOGIN,
        },
    ),
    # (c) A custom user model whose USERNAME_FIELD is the e-mail address.
    "custom_user": Start(
        superuser=("--email", "admin@example.com"),
        username="admin@example.com",
        refused={
            "/admin/": ADMIN_LOGIN,
            "/admin/accounts/user/": ADMIN_LOGIN,
            "/staff": ADMIN_LOGIN,
            "/o/applications/": ACCOUNTS_LOGIN,
        },
    ),
    # (d) Django REST framework, with IsAuthenticated by default.
    "drf": Start(
        superuser=("--username", "admin", "--email", "admin@example.com"),
        also=("drf",),
        opens={"/api/me": '{"user":"admin"}'},
        refused={
            **ADMIN_PAGES,
            "/o/applications/": ACCOUNTS_LOGIN,
            "/api/staff": None,
        },
    ),
}

# Tokens that a project of DOT's tutorial issued before the recipe: `read
# write`, as its clients asked for them, for its superuser.
OLD_TOKENS = """
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from oauth2_provider.models import get_access_token_model, get_application_model
from oauthlib.common import generate_token

Application = get_application_model()
application = Application.objects.create(
    name="Before the recipe",
    client_type=Application.CLIENT_CONFIDENTIAL,
    authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
    redirect_uris="http://127.0.0.1/callback",
)
token = get_access_token_model().objects.create(
    user=get_user_model().objects.get(username="admin"),
    application=application,
    token=generate_token(),
    scope="read write",
    expires=timezone.now() + timedelta(hours=1),
)
print(token.token)
"""


@dataclass
class Project:
    """A starting project after the recipe, served by runserver."""

    folder: Path
    address: str
    token: str
    check: object
    tests: object
    old_token: str = None


def must(result):
    """A manage.py run that has to succeed: its output."""
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def add_the_lines_you_do_not_have(block, project):
    """
    What the page asks of a project that has the file already: its imports
    and urlpatterns entries that the file lacks (each with the comment above
    it), added after the file's imports and at the end of its urlpatterns.
    """
    target = project / block["file"]
    lines = target.read_text().splitlines(keepends=True)
    have = {line.strip() for line in lines}
    imports, entries, comments = [], [], []
    for line in text_of(block).splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("#"):
            comments.append(line)
            continue
        if stripped not in have:
            if stripped.startswith(("from ", "import ")):
                imports.append(line)
            elif stripped.startswith("path("):
                entries += [*comments, line]
        comments = []
    last_import = max(
        i for i, line in enumerate(lines) if line.startswith(("from ", "import "))
    )
    end = lines.index("]\n", lines.index("urlpatterns = [\n"))
    lines[end:end] = entries
    lines[last_import + 1 : last_import + 1] = imports
    target.write_text("".join(lines))


def start_project(name, parent):
    """The project as it was before the recipe, with its data."""
    startproject = subprocess.run(
        ["django-admin", "startproject", "mysite"],
        cwd=parent,
        env=reader_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    must(startproject)
    project = parent / "mysite"
    for source in (PROJECTS / name).rglob("*"):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        target = project / source.relative_to(PROJECTS / name)
        target.parent.mkdir(exist_ok=True)
        if source.name == "settings.py":
            target.write_text(f"{target.read_text()}\n{source.read_text()}")
        else:
            target.write_text(source.read_text())
    if (project / "accounts").is_dir():
        must(manage(project, "makemigrations", "accounts"))
    must(manage(project, "migrate"))
    must(
        manage(
            project,
            "createsuperuser",
            "--noinput",
            *STARTS[name].superuser,
            DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        )
    )
    return project


def follow_the_recipe(name, parent, project):
    """The page's console session without startproject, then its blocks."""
    terminal = Terminal(parent, parent)
    terminal.values["tutorial"] = str(REPO)
    (startproject, _), *commands = parse(START)
    assert startproject.startswith("django-admin startproject")
    for command, expected in commands:
        terminal.run(command, expected)
    start = STARTS[name]
    for block_name, block in BLOCKS:
        block = ALL_BLOCKS[start.instead.get(block_name, block_name)]
        if block_name == "urls.py":
            add_the_lines_you_do_not_have(block, project)
        else:
            apply(block, project)
    for block_name in start.also:
        apply(ALL_BLOCKS[block_name], project)


def build(name, parent, servers):
    """A starting project, the recipe, a token, the checks, the tests, a server."""
    project = start_project(name, parent)
    old_token = None
    if name == "dot_tutorial":
        old_token = must(manage(project, "shell", "-v", "0", "-c", OLD_TOKENS)).strip()
    follow_the_recipe(name, parent, project)
    must(manage(project, "migrate"))
    token = must(manage(project, "issuetoken", STARTS[name].username)).strip()
    check = manage(project, "check", "--fail-level", "WARNING")
    tests = manage(project, "test", "tokenauth")
    address = servers.enter_context(serving(project, reader_env()))
    return Project(project, address, token, check, tests, old_token)


@pytest.fixture(scope="module")
def existing(tmp_path_factory):
    """The four projects, built two at a time; each is a Future of a Project."""
    with ExitStack() as servers, ThreadPoolExecutor(max_workers=2) as pool:
        yield {
            name: pool.submit(build, name, tmp_path_factory.mktemp(name), servers)
            for name in STARTS
        }


def get(project, path, token=None):
    return requests.get(
        f"{project.address}{path}",
        headers=bearer(token) if token else {},
        allow_redirects=False,
        timeout=30,
    )


def with_settings(project, module, text):
    """`manage.py check` with settings that change the project's at the end."""
    (project.folder / "mysite" / f"{module}.py").write_text(
        f"from .settings import *  # noqa: F403\n\n{text}"
    )
    return manage(project.folder, "check", "--settings", f"mysite.{module}")


@pytest.mark.parametrize("name", STARTS)
def test_the_recipe_works_from_an_existing_project(name, existing):
    project = existing[name].result()
    start = STARTS[name]
    output = project.check.stdout + project.check.stderr
    assert project.check.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    output = project.tests.stdout + project.tests.stderr
    assert project.tests.returncode == 0, output
    assert re.search(r"^OK$", output, re.MULTILINE), output

    # A token opens a login_required view, and the project's own pages that
    # need a login.
    opens = {"/secret": "Secret contents!\n", **start.opens}
    for path, text in opens.items():
        response = get(project, path, project.token)
        assert (response.status_code, response.text) == (200, text), path
    response = get(project, "/api/echo", project.token)
    assert response.json() == {"user": start.username}

    # Staff pages, the admin's and the project's own, and DOT's pages refuse
    # it: each sends it to a login page, as they send a visitor.
    for path, login in start.refused.items():
        response = get(project, path, project.token)
        if login is None:
            assert response.status_code == 403, path
        else:
            assert response.status_code == 302, path
            assert response.headers["Location"] == f"{login}?next={quote(path)}"

    # An API view answers a client without a token 401, not a redirect.
    response = get(project, "/api/echo")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_tokens_issued_before_keep_their_api_and_do_not_log_in(existing):
    """(a) DOT's tutorial's `read write` tokens, issued before the recipe."""
    project = existing["dot_tutorial"].result()
    response = get(project, "/api/hello", project.old_token)
    assert (response.status_code, response.text) == (200, "Hello, OAuth2!")
    response = get(project, "/api/hello")
    assert response.status_code == 403
    for path, login in {
        "/secret": ADMIN_LOGIN,
        "/admin/": ADMIN_LOGIN,
        "/o/applications/": ADMIN_LOGIN,
    }.items():
        response = get(project, path, project.old_token)
        assert response.status_code == 302, path
        assert response.headers["Location"] == f"{login}?next={quote(path)}"
    # A valid token without `login`: the API view says which scope it lacks.
    response = get(project, "/api/echo", project.old_token)
    assert response.status_code == 403
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]


def test_dots_middleware_kept_is_a_check_error(existing):
    """(a) with DOT's middleware back where DOT's tutorial put it."""
    project = existing["dot_tutorial"].result()
    result = with_settings(
        project,
        "settings_dots_middleware_kept",
        f"MIDDLEWARE.insert(MIDDLEWARE.index({BEARER!r}) + 1, {DOTS_MIDDLEWARE!r})\n",
    )
    assert result.returncode != 0
    assert "tokenauth.E008" in result.stderr
    assert f"?: (tokenauth.E008) {DOTS_MIDDLEWARE} is in MIDDLEWARE." in result.stderr
    assert "Remove it" in result.stderr


def test_login_required_middleware_first_is_a_check_error(existing):
    """(b) with LoginRequiredMiddleware moved before the token middleware."""
    project = existing["login_required_middleware"].result()
    result = with_settings(
        project,
        "settings_login_required_first",
        f"MIDDLEWARE.remove({LOGIN_REQUIRED!r})\n"
        f"MIDDLEWARE.insert(MIDDLEWARE.index({BEARER!r}), {LOGIN_REQUIRED!r})\n",
    )
    assert result.returncode != 0
    assert "tokenauth.E009" in result.stderr
    assert "Move BearerTokenMiddleware before it" in result.stderr


def test_drf_views_take_the_token_and_keep_the_projects_permissions(existing):
    """
    (d) After the `drf` block, DRF views take the token login, and a view of
    the project's that relies on its default permission, IsAuthenticated,
    still refuses a client without credentials or with a bad token.
    """
    project = existing["drf"].result()
    response = get(project, "/api/me", project.token)
    assert response.json() == {"user": "admin"}
    for token in (None, "not-a-token"):
        response = get(project, "/api/me", token)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Bearer"
    response = get(project, "/api/staff", project.token)
    assert response.status_code == 403
