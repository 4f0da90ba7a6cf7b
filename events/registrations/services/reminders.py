"""The day-before reminder, sent once per confirmed registration: with the ticket, or, before
the person has accepted a registration made for them, to accept it."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from events.registrations.models import Registration, RegistrationStatus

from .notifications import notify

AHEAD = timedelta(hours=24)


def send_due_reminders(now=None):
    """Queues a reminder for every confirmed registration whose event starts within a day
    and has not had one: with the ticket, or, to someone who has not yet accepted a place the
    organisers or a colleague gave them, a reminder to accept it (their ticket comes then).
    Each registration is claimed with a conditional update first, so two runs at the same time
    (or a run repeated every hour) never remind anyone twice. Returns the number of reminders
    queued."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__start__gt=now,
        event__start__lte=now + AHEAD,
    ).values_list("pk", "awaiting_acceptance")
    sent = 0
    for pk, awaiting in list(due):
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now)
            if claimed:
                notify(Registration(pk=pk), "accept_reminder" if awaiting else "reminder")
                sent += 1
    return sent
