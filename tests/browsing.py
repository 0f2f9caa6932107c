"""
A person's clicks over real HTTP: fill in and submit a page's form, log in
and approve a client on the consent page, register a client.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin

import requests

# Inputs that a browser never submits as a field: buttons are clicked, by name.
NOT_FIELDS = {"submit", "button", "image", "reset", "file"}


class _PostForm(HTMLParser):
    """
    Reads the action of the first POST form of a page, and what a browser
    would submit if nobody typed anything: every input's value (checkboxes
    and radio buttons only when checked), the selected option of each
    select, the text of each textarea.
    """

    def __init__(self):
        super().__init__()
        self.action = None
        self.fields = {}
        self._inside = False
        self._done = False
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (
            tag == "form"
            and not self._done
            and attrs.get("method", "").lower() == "post"
        ):
            self.action = attrs.get("action") or ""
            self._inside = True
        if not self._inside:
            return
        kind = attrs.get("type", "text").lower()
        if tag == "input" and "name" in attrs and kind not in NOT_FIELDS:
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields[attrs["name"]] = attrs.get("value") or "on"
            else:
                self.fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select:
            # The first option, unless a later one is selected.
            if self._select not in self.fields or "selected" in attrs:
                self.fields[self._select] = attrs.get("value", "")
        elif tag == "textarea" and "name" in attrs:
            self._textarea = attrs["name"]
            self.fields[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form" and self._inside:
            self._inside = False
            self._done = True
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            # HTML drops the newline right after <textarea>.
            name = self._textarea
            self.fields[name] = self.fields[name].removeprefix("\n")
            self._textarea = None


def prefilled(page):
    """The first POST form of `page`: its action, and the fields as they came."""
    form = _PostForm()
    form.feed(page.text)
    assert form.action is not None, f"no POST form on {page.url}"
    return urljoin(page.url, form.action), form.fields


def post_form(session, page, **fields):
    """Submit the first POST form of `page` like a browser, with `fields` typed in."""
    action, present = prefilled(page)
    return session.post(
        action,
        data={**present, **fields},
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


def register_a_client(base_url, username, password, **fields):
    """
    What a person does in the browser to register a client: log in at the
    admin, open DOT's registration page, copy the client id and secret that
    it filled in, fill in `fields` (a name, the client type, the grant type,
    the redirect URIs) and save. Returns the client id and secret.
    """
    browser = requests.Session()
    login_page = browser.get(f"{base_url}/admin/", timeout=30)
    admin = post_form(browser, login_page, username=username, password=password)
    assert admin.url == f"{base_url}/admin/", admin.url
    register_page = browser.get(f"{base_url}/o/applications/register/", timeout=30)
    assert register_page.url == f"{base_url}/o/applications/register/"
    _action, present = prefilled(register_page)
    saved = post_form(browser, register_page, **fields)
    # DOT shows the new application's page, which no longer shows the secret.
    assert "/o/applications/register/" not in saved.url, saved.text
    assert present["client_secret"] not in saved.text
    return present["client_id"], present["client_secret"]
