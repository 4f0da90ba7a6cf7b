"""Run daily (cron or a systemd timer): removes the webhook deliveries older than ``--days``
(30 by default) with their attempts, as their bodies hold names and email addresses.
Deliveries still waiting or being retried are kept."""

from datetime import timedelta

from django.core.management import BaseCommand
from django.utils import timezone

from webhooks.services import prune_deliveries


class Command(BaseCommand):
    help = "Remove webhook deliveries older than --days days (30 by default), except those not yet finished."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="keep the deliveries of this many days")

    def handle(self, *args, days=30, **options):
        removed = prune_deliveries(timezone.now() - timedelta(days=max(days, 0)))
        self.stdout.write(f"Removed {removed} webhook deliveries made before the last {days} day(s).")
