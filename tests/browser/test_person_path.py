"""
A person's path through step 3 in headless Chromium, against the step's own
server on 127.0.0.1: log in, register an application, approve a client for
step 1's scopes and then for `login`, and open /secret with the second token
through the documented curl command.
"""

from tests.browser.chromium import SCREENSHOTS
from tests.browser.person_path import STEP, walk
from tests.servers import serve_step


def test_a_person_registers_and_approves_a_client_whose_token_opens_the_secret(
    page, outside_requests, tmp_path
):
    with serve_step(STEP, tmp_path) as (server, step_dir):
        printed = walk(page, server, step_dir, SCREENSHOTS / "person")

    assert printed == "Secret contents!\n"
    assert sorted(path.name for path in (SCREENSHOTS / "person").iterdir()) == [
        "consent-login.png",
        "consent.png",
        "login.png",
        "register.png",
    ]
    assert outside_requests == []
