"""Compares every event's registration counter (services/counter.py) with its registrations,
prints the events where they differ, and with ``--fix`` corrects them under each event's lock.
Without ``--fix`` it exits with status 1 when something differs, so that a monitoring job
notices; with it, 0 once every difference found is corrected."""

from django.core.management import BaseCommand, CommandError

from events.registrations.services.counter import reconcile


class Command(BaseCommand):
    help = (
        "Compare each event's counts of confirmed, waitlisted and pending registrations with the registrations "
        "themselves. Prints the events that differ; --fix corrects them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="set the counters that differ to the true counts")
        parser.add_argument("--event", type=int, action="append", help="only this event (its page id); repeatable")

    def handle(self, *args, fix=False, event=None, **options):
        differences = reconcile(fix=fix, event_ids=event)
        for difference in differences:
            self.stdout.write(f"{'fixed ' if difference.fixed else ''}{difference}")
        if not differences:
            self.stdout.write(self.style.SUCCESS("Every event's counter matches its registrations."))
        elif fix:
            self.stdout.write(self.style.SUCCESS(f"Corrected the counters of {len(differences)} event(s)."))
        else:
            raise CommandError(f"{len(differences)} event(s) differ; run with --fix to correct them.", returncode=1)
