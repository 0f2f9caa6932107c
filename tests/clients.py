"""
The step's command-line tools run as a reader runs them: oauth_client.py,
and the documented curl commands.
"""

import json
import os
import shlex
import subprocess
import sys

from tests.browsing import log_in_and_authorize


def run_oauth_client(step_dir, server_url, application, *args):
    """Run the step's oauth_client.py with the application's credentials."""
    return subprocess.run(
        _oauth_client_command(server_url, *args),
        cwd=step_dir,
        env=_client_env(application),
        capture_output=True,
        text=True,
        timeout=60,
    )


def oauth_client_json(step_dir, server_url, application, *args):
    """What a successful run of oauth_client.py prints: its JSON, parsed."""
    result = run_oauth_client(step_dir, server_url, application, *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class AuthorizingClient:
    """
    `oauth_client.py authorize`, running: it has printed the address that a
    person must open to approve it, and waits for the provider's redirect.
    """

    def __init__(self, step_dir, server_url, application, *options):
        self.process = subprocess.Popen(
            _oauth_client_command(server_url, *options, "authorize"),
            cwd=step_dir,
            env=_client_env(application),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.process.stderr.readline()  # "Open this address in your browser..."
        self.address = self.process.stderr.readline().strip()

    def token(self):
        """The token the client prints once the person has approved it."""
        out, err = self.process.communicate(timeout=60)
        assert self.process.returncode == 0, err
        return json.loads(out)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.process.kill()
        self.process.wait()


def authorize_with_oauth_client(
    step_dir, server_url, application, username, password, *options
):
    """
    Get a token the way step 1 teaches: `oauth_client.py [options] authorize`
    prints an address, a person approves it, and the client prints the token
    as JSON.
    """
    with AuthorizingClient(step_dir, server_url, application, *options) as client:
        callback = log_in_and_authorize(client.address, username, password)
        assert callback.status_code == 200, callback.text
        return client.token()


def _oauth_client_command(server_url, *args):
    return [sys.executable, "oauth_client.py", "--server", server_url, *args]


def _client_env(application):
    return {
        **os.environ,
        "CLIENT_ID": application.client_id,
        "CLIENT_SECRET": application.plaintext_secret,
    }


def curl(command):
    """
    Run a documented curl command exactly as a shell would; return what it
    prints on standard output (its progress meter goes to standard error).
    """
    argv = shlex.split(command)
    assert argv[0] == "curl"
    return subprocess.run(
        argv, capture_output=True, text=True, timeout=30, check=True
    ).stdout
