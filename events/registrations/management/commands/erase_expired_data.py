"""Run daily (cron or a systemd timer): erases the personal data of the events whose retention
period has ended (events/registrations/services/retention.py). Without ``--apply`` it only
says what would go."""

from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from events.registrations.services import RegistrationError
from events.registrations.services.retention import due, erase


def _what(erasure):
    if erasure.empty:
        return "nothing (none was left)"
    text = (
        f"the answers of {erasure.answers} registration(s), {erasure.phones} phone(s) and {erasure.genders} gender(s)"
    )
    if erasure.reasons:
        text += f", and {erasure.reasons} reason(s) written to participants"
    if erasure.recipients:
        text += f", and {erasure.recipients} record(s) of who received a message written to participants"
    if erasure.invitations:
        text += f", and {erasure.invitations} invitation(s) with the addresses and names of those invited"
    return text


class Command(BaseCommand):
    help = (
        "Erase the answers, phones and genders of the events whose retention period has ended. "
        "A dry run unless --apply is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="erase; without it nothing is changed")

    def handle(self, *args, apply=False, **options):
        now = timezone.now()
        erasures = due(now)
        if not erasures:
            self.stdout.write("No event's retention period has ended with personal data left: nothing to erase.")
            return
        failed = 0
        totals = {"answers": 0, "phones": 0, "genders": 0}
        for planned in erasures:
            name = f"{planned.title} (event {planned.event_id}, retention ended {planned.retention_ended_at:%Y-%m-%d})"
            if not apply:
                self.stdout.write(f"{name}: would erase {_what(planned)}.")
                continue
            try:
                done = erase(planned.event_id, now=now)
            except RegistrationError as error:
                failed += 1
                self.stderr.write(f"{name}: not erased: {error.message} ({error.code})")
                continue
            for key in totals:
                totals[key] += getattr(done, key)
            self.stdout.write(f"{name}: erased {_what(done)}.")
        if not apply:
            self.stdout.write("Dry run: nothing was changed. Run with --apply to erase.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Erased: answers of {totals['answers']} registration(s), {totals['phones']} phone(s) and "
                f"{totals['genders']} gender(s), for {len(erasures) - failed} event(s); each is in its event's history."
            )
        )
        if failed:
            raise CommandError(f"{failed} event(s) could not be erased now; the next run tries again.")
