"""Run daily (cron or a systemd timer): removes the webhook deliveries older than ``--days``
(30 by default) with their attempts, as their bodies hold names and email addresses.
Deliveries still waiting or being retried are kept."""

from core.housekeeping import PruneCommand
from webhooks.services import prune_deliveries


class Command(PruneCommand):
    help = "Remove webhook deliveries older than --days days (30 by default), except those not yet finished."
    what = "webhook deliveries"
    default_days = 30

    def prune(self, before):
        return prune_deliveries(before)
