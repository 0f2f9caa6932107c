"""
Register a resource server at this provider, and print the client id and
secret it asks about tokens with, at /o/introspect/.

Whoever holds them can check anybody's tokens, so only this command, run by
whoever runs the provider, hands them out. They do not expire. To rotate
them, run the command again for a second pair, give the resource server the
new pair, then retire the old one with --retire CLIENT_ID.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import get_application_model

from provider.models import ResourceServer

Application = get_application_model()


class Command(BaseCommand):
    help = "Register a resource server; print the client id and secret it asks with."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The resource server, e.g. its host name.")
        parser.add_argument(
            "--retire",
            metavar="CLIENT_ID",
            help="Stop accepting this older client id of the resource server.",
        )

    # --8<-- [start:handle]
    def handle(self, *args, name, retire, **options):
        if retire is not None:
            # Only an application this command made, under this name.
            retired, _ = Application.objects.filter(
                name=name, client_id=retire, resource_server__isnull=False
            ).delete()
            if not retired:
                raise CommandError(f'"{name}" has no client id {retire}.')
            self.stdout.write(f"Retired {retire}: it can no longer ask.")
            return
        secret = generate_client_secret()
        with transaction.atomic():
            # Always a new application, never one of that name that exists:
            # a user may have registered it at /o/applications/register/.
            application = Application.objects.create(
                name=name,
                client_type=Application.CLIENT_CONFIDENTIAL,
                authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
                client_secret=secret,
                # Compared as a token is, not as a password: a deliberately
                # slow hash would cost every introspection a password check.
                hash_client_secret=False,
            )
            ResourceServer.objects.create(application=application)
        self.stdout.write(f"INTROSPECTION_CLIENT_ID={application.client_id}")
        self.stdout.write(f"INTROSPECTION_CLIENT_SECRET={secret}")

    # --8<-- [end:handle]
