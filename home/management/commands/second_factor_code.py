"""The code an account's authenticator app shows now: for trying the demo's staff accounts
without a phone (`make code ACCOUNT=admin`)."""

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError
from django.utils.translation import gettext as _

from home.second_factor import current_code


class Command(BaseCommand):
    help = "Print the code the account's authenticator app shows now."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("There is no account with this user name."))
        code = current_code(user)
        if code is None:
            raise CommandError(_("This account has no authenticator app."))
        self.stdout.write(code)
