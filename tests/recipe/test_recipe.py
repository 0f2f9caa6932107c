"""
"Use it in your project" is a recipe, and these tests follow it as a reader
would: a fresh `django-admin startproject` with the repository's virtual
environment, the page's console sessions run for real, and the page's code
blocks applied one by one, exactly as the site renders them, from the same
files the site includes. Then a real server proves the result, and the same
recipe with any one block left out fails the way the troubleshooting page says.
"""

import re
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests import REPO
from tests.browsing import register_a_client
from tests.recipe.page import BLOCKS, PAGE, START, TRY, apply, manage
from tests.repo.test_transcripts import APPROVER, Terminal, parse
from tests.snippets import rendered
from tests.tokens import REDIRECT_URI, bearer

TROUBLESHOOTING = REPO / "docs/troubleshooting.md"
# What the page has the reader fill in at /o/applications/register/.
CLIENT = {
    "name": "My command-line client",
    "client_type": "confidential",
    "authorization_grant_type": "authorization-code",
    "redirect_uris": REDIRECT_URI,
}

# What a project without one block shows, as docs/troubleshooting.md names it:
# `manage.py check` fails, or it passes and `manage.py test tokenauth` fails.
WITHOUT = {
    "apps": ("check", "isn't in an application in INSTALLED_APPS"),
    "middleware": ("test", "FAIL: test_a_token_opens_a_login_required_view"),
    "backends": ("check", "tokenauth.E006"),
    "oauth2-provider": ("check", "tokenauth.E005"),
    "error-reports": (
        "test",
        "FAIL: test_error_reports_hide_tokens_even_with_debug_on",
    ),
    "views.py": ("check", "ImportError: cannot import name 'views' from 'mysite'"),
    "urls.py": (
        "test",
        "NoReverseMatch: 'oauth2_provider' is not a registered namespace",
    ),
}


def project_with_blocks(pristine, parent, leave_out=None):
    """A copy of the fresh project, with the page's blocks applied but one."""
    project = shutil.copytree(pristine, parent / "mysite")
    for name, block in BLOCKS:
        if name != leave_out:
            apply(block, project)
    return project


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """The page's first session, run once: startproject, and tokenauth/ copied."""
    parent = tmp_path_factory.mktemp("start")
    terminal = Terminal(parent, parent)
    terminal.values["tutorial"] = str(REPO)
    for command, expected in parse(START):
        terminal.run(command, expected)
    return parent / "mysite"


@pytest.fixture(scope="module")
def checks(pristine, tmp_path_factory):
    """
    `manage.py check` of the whole recipe (key None, warnings count) and of the
    recipe without each block that the checks catch, each a process of its own:
    started at once, beside the page's last session, which uses one core.
    """

    def check(left_out):
        parent = tmp_path_factory.mktemp(f"without-{left_out}")
        project = project_with_blocks(pristine, parent, left_out)
        return manage(project, "check", "--fail-level", "WARNING")

    names = [None, *(name for name, (run, _) in WITHOUT.items() if run == "check")]
    with ThreadPoolExecutor(max_workers=1) as pool:
        yield {name: pool.submit(check, name) for name in names}


@pytest.fixture(scope="module")
def served(pristine, checks, tmp_path_factory):
    """
    The recipe, then the page's last session: a server that is still running.
    (It asks for `checks` only to start them first, in the background.)
    """
    parent = tmp_path_factory.mktemp("recipe")
    terminal = Terminal(project_with_blocks(pristine, parent), parent)
    terminal.values["tutorial"] = str(REPO)
    ran = []
    try:
        for command, expected in parse(TRY):
            if "<client_id>" in command and "client_id" not in terminal.values:
                # Before this command, the page has the reader register a
                # client in the browser, as the superuser of its first session.
                terminal.values["client_id"], terminal.values["client_secret"] = (
                    register_a_client(f"http://{terminal.address}", *APPROVER, **CLIENT)
                )
            terminal.run(command, expected)
            ran.append(command)
        yield terminal, ran
    finally:
        terminal.close()


def test_the_recipe_has_the_blocks_the_troubleshooting_page_covers():
    assert [name for name, _block in BLOCKS] == list(WITHOUT)


def test_your_urls_are_step_3s():
    """The page's urls.py mounts what step 3 mounts, but its home page."""
    mounted = re.compile(r"^    path\(.*$", re.MULTILINE)
    yours = mounted.findall(rendered("docs_src/your_project/urls.py"))
    step3 = mounted.findall(rendered("step3_protect_view/mysite/urls.py"))
    assert yours == [line for line in step3 if "views.home" not in line]


def test_the_page_ends_with_the_sessions_that_prove_it(served):
    _terminal, ran = served
    assert ran == [command for command, _expected in parse(TRY)]
    last_includes = re.findall(r'^--8<-- "([^"]+)"$', PAGE.read_text(), re.MULTILINE)
    assert last_includes[-2:] == [
        "docs_src/your_project/try.console:success",
        "docs_src/your_project/try.console:failure",
    ]


def test_the_recipe_passes_the_system_checks(checks):
    result = checks[None].result()
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_valid_token_opens_a_login_required_view(served):
    terminal, _ran = served
    response = requests.get(
        f"http://{terminal.address}/secret",
        headers=bearer(terminal.values["token"]),
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 200
    assert response.text == "Secret contents!\n"


def test_a_token_from_the_consent_page_opens_a_login_required_view(served):
    """
    The client registered in the browser got a token by the consent flow,
    asking for `login`, and that token is a login like issuetoken's.
    """
    terminal, _ran = served
    token = terminal.values["consent_token"]
    assert token != terminal.values["token"]
    response = requests.get(
        f"http://{terminal.address}/api/echo",
        headers=bearer(token),
        allow_redirects=False,
        timeout=30,
    )
    assert response.json() == {"user": APPROVER[0]}
    response = requests.get(
        f"http://{terminal.address}/secret",
        headers=bearer(token),
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 200
    assert response.text == "Secret contents!\n"


def test_a_bad_token_gets_the_login_redirect(served):
    terminal, _ran = served
    response = requests.get(
        f"http://{terminal.address}/secret",
        headers=bearer("not-a-token"),
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/login/?next=/secret"


def test_an_api_view_answers_401_with_a_challenge(served):
    terminal, _ran = served
    response = requests.get(f"http://{terminal.address}/api/echo", timeout=30)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_admin_ignores_tokens(served):
    terminal, _ran = served
    response = requests.get(
        f"http://{terminal.address}/admin/",
        headers=bearer(terminal.values["token"]),  # a superuser's token
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/login/?next=/admin/"


@pytest.mark.parametrize(
    "left_out",
    [
        # A test run takes seconds: `make test` runs the checks, the matrix all.
        pytest.param(name, marks=pytest.mark.matrix) if run == "test" else name
        for name, (run, _shows) in WITHOUT.items()
    ],
)
def test_without_one_block_it_fails_as_troubleshooting_says(
    left_out, request, pristine, tmp_path
):
    run, shows = WITHOUT[left_out]
    if run == "check":
        result = request.getfixturevalue("checks")[left_out].result()
    else:
        project = project_with_blocks(pristine, tmp_path, left_out)
        result = manage(project, "test", "tokenauth")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    if run == "test":
        assert "System check identified no issues" in output
    assert shows in output
    assert shows in TROUBLESHOOTING.read_text()
