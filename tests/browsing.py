"""
A person's clicks over real HTTP: fill in and submit a page's form, log in
and approve a client on the consent page.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin

import requests


class _PostForm(HTMLParser):
    """Reads the action and the prefilled fields of the first POST form of a page."""

    def __init__(self):
        super().__init__()
        self.action = None
        self.fields = {}
        self._inside = False
        self._done = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (
            tag == "form"
            and not self._done
            and attrs.get("method", "").lower() == "post"
        ):
            self.action = attrs.get("action") or ""
            self._inside = True
        elif tag == "input" and self._inside and attrs.get("type") == "hidden":
            self.fields[attrs["name"]] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form" and self._inside:
            self._inside = False
            self._done = True


def post_form(session, page, **fields):
    """Submit the first POST form of `page` like a browser, with `fields` typed in."""
    form = _PostForm()
    form.feed(page.text)
    assert form.action is not None, f"no POST form on {page.url}"
    return session.post(
        urljoin(page.url, form.action),
        data={**form.fields, **fields},
        headers={"Referer": page.url},
        timeout=30,
    )


def log_in_and_authorize(authorize_url, username, password):
    """
    What a person does in the browser: open the address a client printed, log in,
    then click Authorize on the consent page. Returns the last response, the one
    from the client's callback.
    """
    browser = requests.Session()
    login_page = browser.get(authorize_url, timeout=30)
    assert "/accounts/login/" in login_page.url, login_page.url
    consent_page = post_form(browser, login_page, username=username, password=password)
    assert "/o/authorize/" in consent_page.url, consent_page.url
    return post_form(browser, consent_page, allow="Authorize")
