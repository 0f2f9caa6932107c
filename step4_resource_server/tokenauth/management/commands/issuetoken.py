"""
Issue an access token for a user, from the command line.

A first token without a browser: on a server reached over SSH, in a container,
or in a script that tests a deployment. Whoever can run manage.py can already
read and write the database, so this grants nothing they could not take; the
token is an ordinary DOT access token, listed and revoked like any other.
It prints the token alone, so that a shell can keep it:

    TOKEN=$(python manage.py issuetoken alice)
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from oauth2_provider.models import get_access_token_model
from oauth2_provider.settings import oauth2_settings
from oauthlib.common import generate_token


class Command(BaseCommand):
    help = "Issue an access token for a user and print it."

    def add_arguments(self, parser):
        parser.add_argument(
            "username",
            help="Whose token it is: the user's USERNAME_FIELD, such as their "
            "e-mail address with a custom user model that logs in by e-mail.",
        )
        parser.add_argument(
            "--scope",
            dest="scopes",
            action="append",
            metavar="SCOPE",
            help="A scope to grant (repeatable; default: login).",
        )
        parser.add_argument(
            "--expires-in",
            type=int,
            metavar="SECONDS",
            default=oauth2_settings.ACCESS_TOKEN_EXPIRE_SECONDS,
            help="How long the token works (default: %(default)s).",
        )

    def handle(self, *args, username, scopes, expires_in, **options):
        scopes = scopes or ["login"]
        unknown = sorted(set(scopes) - set(oauth2_settings.SCOPES))
        if unknown:
            raise CommandError(
                f"Unknown scope {', '.join(unknown)}: "
                "OAUTH2_PROVIDER['SCOPES'] does not offer it."
            )
        User = get_user_model()
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(
                f'No user with {User.USERNAME_FIELD} "{username}".'
            ) from None
        if not user.is_active:
            raise CommandError(f'"{username}" is inactive: a token would not work.')
        token = get_access_token_model().objects.create(
            user=user,
            token=generate_token(),
            scope=" ".join(scopes),
            expires=timezone.now() + timedelta(seconds=expires_in),
        )
        self.stdout.write(token.token)
