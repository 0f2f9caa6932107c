"""
The original text of this tutorial, part 3 of DOT's own, was written for an
older Django. These tests prove which of its lines no longer work, and why its
view needs the decorator it forgot.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import re_path
from django.utils.module_loading import import_string

from mysite.views import secret_page


@pytest.mark.dependency
def test_patterns_no_longer_exists():
    with pytest.raises(ImportError):
        import_string("django.conf.urls.patterns")


@pytest.mark.dependency
def test_a_view_named_by_a_string_is_refused():
    with pytest.raises(TypeError, match="view must be a callable"):
        re_path(r"^secret$", "mysite.views.secret_page", name="secret")


@pytest.mark.dependency
def test_session_authentication_middleware_no_longer_exists():
    with pytest.raises(ImportError):
        import_string("django.contrib.auth.middleware.SessionAuthenticationMiddleware")


def test_without_login_required_the_view_shows_its_secret_to_anyone(rf):
    request = rf.get("/secret")
    request.user = AnonymousUser()

    undecorated = secret_page.__wrapped__  # the function under @login_required

    assert undecorated(request).content == b"Secret contents!\n"
    assert secret_page(request).status_code == 302
