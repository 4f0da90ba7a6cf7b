"""Run hourly (cron or a scheduled task; docs/deployment.md): reminds confirmed participants the
day before, and asks those who have not yet accepted a place given to them to accept it."""

from django.core.management import BaseCommand

from events.registrations.services.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Email a reminder, once, to every confirmed participant of an event starting within 24 hours."

    def handle(self, *args, **options):
        count = send_due_reminders()
        self.stdout.write(f"{count} reminder(s) queued.")
