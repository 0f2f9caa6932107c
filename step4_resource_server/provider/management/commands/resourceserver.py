"""
Register a resource server at this provider, and print the token it asks with.

A resource server asks the provider about the tokens it is sent, at
/o/introspect/, with a token of its own that has the scope "introspection".
That scope is not among the SCOPES that clients may ask for: whoever holds it
can check anybody's tokens, so only this command, run by whoever runs the
provider, hands it out. Run it again for a new token; the old one stays valid
until it expires.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone
from oauth2_provider.models import get_access_token_model, get_application_model
from oauthlib.common import generate_token

Application = get_application_model()
AccessToken = get_access_token_model()


class Command(BaseCommand):
    help = "Register a resource server; print the token it introspects with."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The resource server, e.g. its host name.")
        parser.add_argument(
            "--days",
            type=int,
            default=30,
            help="How long the token stays valid (default: %(default)s days).",
        )

    # --8<-- [start:handle]
    def handle(self, *args, name, days, **options):
        # An application without a secret or a redirect: it never runs a flow.
        application, _ = Application.objects.get_or_create(
            name=name,
            defaults={
                "client_type": Application.CLIENT_CONFIDENTIAL,
                "authorization_grant_type": Application.GRANT_CLIENT_CREDENTIALS,
            },
        )
        token = AccessToken.objects.create(
            user=None,
            application=application,
            token=generate_token(),
            scope="introspection",
            expires=timezone.now() + timedelta(days=days),
        )
        self.stdout.write(f"INTROSPECTION_TOKEN={token.token}")

    # --8<-- [end:handle]
