"""
Create a demo user, application and access token, and print how to use them.

`make run` calls this before it starts the server, so that a reader has a
working curl command at once. Each run gives the user a new password, the
application a new secret and the user a new token, and prints them all.
"""

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import get_access_token_model, get_application_model
from oauth2_provider.settings import oauth2_settings
from oauthlib.common import generate_token

Application = get_application_model()
AccessToken = get_access_token_model()


class Command(BaseCommand):
    help = "Create a demo user, application and access token; print a curl command."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the server will listen (default: %(default)s).",
        )

    def handle(self, *args, base_url, **options):
        base_url = base_url.rstrip("/")
        password = secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(username="demo")
        user.set_password(password)
        user.save()

        secret = generate_client_secret()
        application, _ = Application.objects.update_or_create(
            name="Demo client",
            defaults={
                "user": user,
                "client_type": Application.CLIENT_CONFIDENTIAL,
                "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
                "redirect_uris": "http://127.0.0.1/callback",
                "client_secret": secret,
            },
        )

        # A flow would issue this token; the demo stores one directly.
        token = AccessToken.objects.create(
            user=user,
            application=application,
            token=generate_token(),
            scope=" ".join(oauth2_settings.SCOPES),
            expires=timezone.now()
            + timedelta(seconds=oauth2_settings.ACCESS_TOKEN_EXPIRE_SECONDS),
        )

        self.stdout.write(
            f"Log in at {base_url}{reverse('login')} as demo, password {password}\n"
            f"Client id {application.client_id}\n"
            f"Client secret {secret}\n"
            "\n"
            "Call the protected view with the demo access token:\n"
            "\n"
            f'curl -H "Authorization: Bearer {token.token}" -X GET '
            f"{base_url}{reverse('secret')}\n"
        )
