"""
Register an OAuth2 application and print its credentials, once.

DOT's own ``createapplication`` command exits with status 0 when the
application is invalid and does not print the client id when ``--name`` is
given. This command validates first, fails with a non-zero exit status and a
clear message, and prints both values a client needs.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import get_application_model

Application = get_application_model()

GRANTS = [Application.GRANT_AUTHORIZATION_CODE, Application.GRANT_CLIENT_CREDENTIALS]


class Command(BaseCommand):
    help = "Register an OAuth2 application and print its client id and client secret."

    def add_arguments(self, parser):
        parser.add_argument(
            "name", help="A name people will recognise on the consent page."
        )
        parser.add_argument(
            "--grant",
            choices=GRANTS,
            default=Application.GRANT_AUTHORIZATION_CODE,
            help="The flow the client uses to get tokens (default: %(default)s).",
        )
        parser.add_argument(
            "--redirect-uri",
            dest="redirect_uris",
            action="append",
            default=[],
            metavar="URI",
            help="Where the provider sends the user back with a code (repeatable).",
        )
        parser.add_argument(
            "--public",
            action="store_true",
            help="A client that cannot keep a secret, such as a phone app: PKCE only.",
        )
        parser.add_argument(
            "--owner", metavar="USERNAME", help="The user who owns the application."
        )

    # --8<-- [start:handle]
    def handle(self, *args, name, grant, redirect_uris, public, owner, **options):
        if public and grant == Application.GRANT_CLIENT_CREDENTIALS:
            raise CommandError(
                "The client-credentials grant needs a secret: drop --public."
            )
        # DOT hashes the secret when the application is saved: keep the plaintext now.
        secret = "" if public else generate_client_secret()
        application = Application(
            name=name,
            user=self._owner(owner),
            client_type=Application.CLIENT_PUBLIC
            if public
            else Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=grant,
            redirect_uris=" ".join(redirect_uris),
            client_secret=secret,
        )
        try:
            application.full_clean()
        except ValidationError as error:
            problems = "; ".join(
                f"{field}: {' '.join(msgs)}"
                for field, msgs in error.message_dict.items()
            )
            raise CommandError(f"Invalid application: {problems}") from error
        application.save()

        self.stdout.write(
            f'Registered "{application.name}" ({application.client_type}, {grant}).'
        )
        self.stdout.write(f"client_id:     {application.client_id}")
        if secret:
            self.stdout.write(f"client_secret: {secret}")
            self.stdout.write(
                "Copy the secret now: it is stored hashed and cannot be shown again."
            )

    # --8<-- [end:handle]

    def _owner(self, username):
        if username is None:
            return None
        User = get_user_model()
        try:
            return User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(
                f'No user "{username}": create it first (manage.py createsuperuser).'
            ) from None
