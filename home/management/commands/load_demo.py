"""Loads the demo content (safe to run again: it updates what is there), the demo admin and
one organiser account per organising organisation."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, call_command
from django.db import transaction

from events.models import EventRole
from fixtures import (
    attendance,
    events,
    network,
    organisers,
    references_indexed_once,
    registrations,
    search_index_updated_after,
    site,
)
from home.second_factor import give_authenticator

# How each event role's demo account is announced, and where it signs in.
TEAM_LOGINS = {
    EventRole.REPORTER: ("Reporter", "http://127.0.0.1:8000/admin/"),
    EventRole.DESK: ("Desk volunteer", "http://127.0.0.1:8000/en/desk/"),
}


class Command(BaseCommand):
    help = "Load Multaqa's demo content in Arabic and English, and create the demo admin and organisers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-index", action="store_true", help="Leave the search index alone (the caller rebuilds it)."
        )

    def handle(self, *args, **options):
        with transaction.atomic(), references_indexed_once(), search_index_updated_after():
            for loader in self.loaders():
                loader.load(self.log)
            username, password = self.demo_admin()
            organiser_rows = organisers.load(self.password_for)
            team_rows = organisers.load_team(self.password_for)
            self.second_factors([username, *(row[0] for row in organiser_rows), *(row[0] for row in team_rows)])
        if not options["no_index"]:
            call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        self.stdout.write(f"Admin: http://127.0.0.1:8000/admin/  user: {username}  password: {password}")
        for organiser, organiser_password, _organisation, titles in organiser_rows:
            self.stdout.write(
                f"Organiser: http://127.0.0.1:8000/admin/  user: {organiser}  password: {organiser_password}"
                f"  (manages: {'; '.join(titles)})"
            )
        for member, member_password, role, title in team_rows:
            label, where = TEAM_LOGINS[role]
            self.stdout.write(f"{label}: {where}  user: {member}  password: {member_password}  (event: {title})")
        self.stdout.write(
            "Staff sign in with a second factor. Each account above has an authenticator app's key in"
            f" {settings.VAR_DIR}/demo_<user>_authenticator (add it to any authenticator app), or run"
            " `make code ACCOUNT=<user>` for the code it shows now."
        )

    def loaders(self):
        return [site, network, events, registrations, attendance]

    def log(self, message):
        self.stdout.write(f"  {message}")

    def password_for(self, username):
        """A demo account's password, generated once per checkout and kept in var/."""
        path = settings.VAR_DIR / f"demo_{username}_password"
        if path.exists():
            return path.read_text().strip()
        password = secrets.token_urlsafe(12)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(password)
        path.chmod(0o600)
        return password

    def second_factors(self, usernames):
        """Every demo staff account gets an authenticator app whose key is generated once per
        checkout and kept in var/, as the passwords are."""
        from allauth.mfa.totp.internal.auth import generate_totp_secret

        for username in usernames:
            path = settings.VAR_DIR / f"demo_{username}_authenticator"
            if not path.exists():
                path.write_text(generate_totp_secret())
                path.chmod(0o600)
            give_authenticator(get_user_model().objects.get(username=username), path.read_text().strip())

    def demo_admin(self):
        password = self.password_for("admin")
        user_model = get_user_model()
        user, _ = user_model.objects.get_or_create(
            username="admin", defaults={"email": "admin@multaqa.example", "is_staff": True, "is_superuser": True}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        return user.username, password
