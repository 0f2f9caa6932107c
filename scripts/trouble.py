"""
Trouble at the provider, made over real sockets, for the tests and the bench:
users who keep sending their tokens, a burst of logins, requests held half
sent. Every part talks to 127.0.0.1 only.
"""

import re
import socket
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager

import requests

from tests.tokens import bearer


class SteadyUsers:
    """
    One thread per user, each sending its token to `url` one request after
    another until stopped; counts the answers by status (0: no answer).
    """

    def __init__(self, url, tokens):
        self.url, self.tokens = url, tokens
        self.statuses = Counter()
        self.longest = 0.0
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self.user, args=(token,), daemon=True)
            for token in tokens.values()
        ]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def user(self, token):
        with requests.Session() as session:
            while not self.stopping.is_set():
                start = time.monotonic()
                try:
                    status = session.get(
                        self.url, headers=bearer(token), timeout=30
                    ).status_code
                except requests.RequestException:
                    status = 0
                waited = time.monotonic() - start
                with self.lock:
                    self.statuses[status] += 1
                    self.longest = max(self.longest, waited)
                time.sleep(0.05)

    @property
    def refused(self):
        return self.statuses[401] + self.statuses[403] + self.statuses[302]

    @property
    def server_errors(self):
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def summary(self):
        return ", ".join(
            f"{n} × {status}" for status, n in sorted(self.statuses.items())
        )


def login_burst(provider_url, count=12):
    """
    `count` concurrent login POSTs at the provider, with a wrong password: no
    account needed, and each costs the provider a deliberately slow hash.
    """

    def login(n):
        with requests.Session() as session:
            page = session.get(f"{provider_url}/accounts/login/", timeout=60)
            csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            session.post(
                f"{provider_url}/accounts/login/",
                data={
                    "csrfmiddlewaretoken": csrf[1],
                    "username": f"nobody{n}",
                    "password": "a wrong password",
                },
                headers={"Referer": f"{provider_url}/accounts/login/"},
                timeout=60,
            )

    pool = ThreadPoolExecutor(max_workers=count)
    futures = [pool.submit(login, n) for n in range(count)]
    pool.shutdown(wait=False)
    return futures


@contextmanager
def held_requests(port, count):
    """`count` requests to the provider, sent in part and held open meanwhile."""
    with ExitStack() as stack:
        for _ in range(count):
            held = stack.enter_context(socket.create_connection(("127.0.0.1", port)))
            held.sendall(b"POST /o/introspect/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        yield


def seconds_until(url, token, wanted, limit, every=0.1):
    """Seconds until `url` answers `wanted` to `token`; None past `limit`."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        try:
            status = requests.get(
                url, headers=bearer(token), allow_redirects=False, timeout=30
            ).status_code
        except requests.RequestException:
            status = 0
        if status == wanted:
            return time.monotonic() - start
        time.sleep(every)
    return None
