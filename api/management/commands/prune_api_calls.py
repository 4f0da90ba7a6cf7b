"""Run daily (cron or a systemd timer): removes the staff API calls logged more than ``--days``
days ago (90 by default), as each holds the caller's address."""

from api.tokens import prune_calls
from core.housekeeping import PruneCommand


class Command(PruneCommand):
    help = "Remove the staff API calls logged more than --days days ago (90 by default)."
    what = "staff API calls"
    default_days = 90

    def prune(self, before):
        return prune_calls(before)
