"""Daily housekeeping commands that remove what is older than ``--days`` days (webhook
deliveries, the staff API's call log): the option, the cut-off and the report, written once."""

from datetime import timedelta

from django.core.management import BaseCommand
from django.utils import timezone


class PruneCommand(BaseCommand):
    """Subclasses name ``what`` they remove (plural, for the report), the ``default_days`` kept,
    and ``prune(before)``, which removes what was made before then and returns how many."""

    what = ""
    default_days = 30

    def prune(self, before):
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=self.default_days, help=f"keep this many days (default {self.default_days})"
        )

    def handle(self, *args, days=None, **options):
        days = self.default_days if days is None else days
        removed = self.prune(timezone.now() - timedelta(days=max(days, 0)))
        self.stdout.write(f"Removed {removed} {self.what} made before the last {days} day(s).")
