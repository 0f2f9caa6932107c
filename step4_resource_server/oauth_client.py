"""
A command-line OAuth2 client for the tutorial's provider, built on requests-oauthlib.

    python oauth_client.py authorize              # code + PKCE, in your browser
    python oauth_client.py --scope "read login" authorize
    python oauth_client.py client-credentials     # a token with no user
    python oauth_client.py refresh REFRESH_TOKEN  # a new access token
    python oauth_client.py revoke TOKEN           # the token stops working

The client id and secret come from --client-id and --client-secret, or from the
CLIENT_ID and CLIENT_SECRET environment variables (a public client has no secret).
Tokens are printed to standard output as JSON; instructions go to standard error.
"""

import argparse
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlsplit

import requests
from oauthlib.oauth2 import BackendApplicationClient, OAuth2Error
from requests.auth import HTTPBasicAuth
from requests_oauthlib import OAuth2Session

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class CallbackServer(HTTPServer):
    """
    Catches the provider's redirect back to this program.

    It listens on a port the operating system picks. The provider accepts any
    port on a loopback redirect URI registered as http://127.0.0.1/callback
    (RFC 8252, section 7.3), so two clients never fight over a port.
    """

    def __init__(self):
        super().__init__(("127.0.0.1", 0), CallbackHandler)
        self.redirect_uri = f"http://127.0.0.1:{self.server_port}/callback"
        self.response_url = None

    def wait_for_redirect(self, timeout):
        self.timeout = timeout
        while self.response_url is None:
            self.handle_request()
        return self.response_url

    def handle_timeout(self):
        raise TimeoutError(
            "No answer from the browser: was the address opened and access authorized?"
        )


class CallbackHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        if urlsplit(self.path).path != "/callback":
            self.send_error(404)
            return
        self.server.response_url = (
            f"http://127.0.0.1:{self.server.server_port}{self.path}"
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.end_headers()
        self.wfile.write(b"Done: you can close this tab and go back to the terminal.")

    def log_message(self, format, *args):
        """Keep the terminal for instructions and the token."""


# --8<-- [start:authorize]
def authorize(args):
    """Authorization code with PKCE: the user logs in and consents in a browser."""
    with CallbackServer() as callback:
        # pkce="S256" sends a code challenge now and its verifier with the code later.
        session = OAuth2Session(
            args.client_id,
            redirect_uri=callback.redirect_uri,
            scope=args.scope,
            pkce="S256",
        )
        url, _state = session.authorization_url(f"{args.server}/o/authorize/")
        print(
            "Open this address in your browser, log in and authorize:",
            url,
            sep="\n",
            file=sys.stderr,
            flush=True,
        )
        response_url = callback.wait_for_redirect(args.timeout)
    return session.fetch_token(
        f"{args.server}/o/token/",
        authorization_response=response_url,
        auth=client_auth(args),
        include_client_id=not args.client_secret,
    )


# --8<-- [end:authorize]


# --8<-- [start:client-credentials]
def client_credentials(args):
    """Client credentials: the client acts for itself, so the token has no user."""
    session = OAuth2Session(
        client=BackendApplicationClient(client_id=args.client_id), scope=args.scope
    )
    return session.fetch_token(f"{args.server}/o/token/", auth=client_auth(args))


# --8<-- [end:client-credentials]


def refresh(args):
    """Trade a refresh token for a new access token (and a new refresh token)."""
    session = OAuth2Session(args.client_id)
    return session.refresh_token(
        f"{args.server}/o/token/",
        refresh_token=args.token,
        auth=client_auth(args),
        **public_client_id(args),
    )


def revoke(args):
    """Revoke an access or refresh token (RFC 7009)."""
    session = OAuth2Session(args.client_id)
    data = {"token": args.token, **public_client_id(args)}
    response = session.post(
        f"{args.server}/o/revoke_token/", data=data, auth=client_auth(args)
    )
    response.raise_for_status()
    return {"revoked": True}


def client_auth(args):
    """A confidential client proves who it is with its secret, in HTTP Basic auth."""
    return (
        HTTPBasicAuth(args.client_id, args.client_secret)
        if args.client_secret
        else None
    )


def public_client_id(args):
    """A public client has no secret: it only names itself, in the request body."""
    return {} if args.client_secret else {"client_id": args.client_id}


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--server",
        default="http://127.0.0.1:8000",
        help="The provider (default: %(default)s).",
    )
    parser.add_argument("--client-id", default=os.environ.get("CLIENT_ID"))
    parser.add_argument("--client-secret", default=os.environ.get("CLIENT_SECRET"))
    # One argument, the scopes separated by spaces as OAuth2 writes them: a
    # list of arguments would swallow the command that follows.
    parser.add_argument(
        "--scope",
        type=str.split,
        help='Scopes to ask for, in one argument: --scope "read login" '
        "(default: the provider's default scopes).",
    )
    parser.add_argument(
        "--timeout", type=float, default=300, help="Seconds to wait for the browser."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("authorize", help=authorize.__doc__).set_defaults(run=authorize)
    commands.add_parser(
        "client-credentials", help=client_credentials.__doc__
    ).set_defaults(run=client_credentials)
    for run in (refresh, revoke):
        command = commands.add_parser(run.__name__, help=run.__doc__)
        command.add_argument("token")
        command.set_defaults(run=run)
    args = parser.parse_args(argv)
    if not args.client_id:
        parser.error("give --client-id, or set CLIENT_ID")
    args.server = args.server.rstrip("/")
    return args


def main(argv=None):
    args = parse_args(argv)
    # OAuth2 needs HTTPS; oauthlib allows plain HTTP only when told to, which is
    # safe when the provider is on this machine and nothing crosses a network.
    if urlsplit(args.server).hostname in LOOPBACK_HOSTS:
        os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
    try:
        result = args.run(args)
    except OAuth2Error as error:
        sys.exit(f"error: {' '.join(filter(None, [error.error, error.description]))}")
    except TimeoutError as error:
        sys.exit(f"error: {error}")
    except requests.RequestException as error:
        sys.exit(
            f"error: no answer from {args.server}: is the server running? ({error})"
        )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
