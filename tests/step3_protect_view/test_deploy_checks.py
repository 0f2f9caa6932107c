"""
Step 3: what `manage.py check --deploy` still reports about DOT's own defaults,
which this tutorial leaves as DOT sets them (see the security page).
"""

import pytest
from django.core.checks import run_checks


@pytest.mark.dependency
def test_dot_reports_its_rfc_9700_defaults_under_deploy():
    ids = {message.id for message in run_checks(include_deployment_checks=True)}

    assert {
        "oauth2_provider.W004",  # access tokens accepted in the query string
        "oauth2_provider.W006",  # tokens stored in plaintext
        "oauth2_provider.W007",  # no refresh token replay detection
        "oauth2_provider.W008",  # http redirect URIs allowed
    } <= ids
    assert not any(name.startswith("tokenauth") for name in ids)
