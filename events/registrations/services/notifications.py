"""Emails to participants, queued on Django's task framework once the change is committed."""

from functools import partial

from django.db import transaction

KINDS = ("received", "confirmed", "waitlisted", "promoted", "approved", "declined", "cancelled", "reminder")


def notify(registration, kind):
    """Sends the ``kind`` email about ``registration`` after the current transaction commits
    (at once outside a transaction). Nothing is sent if the transaction rolls back."""
    if kind not in KINDS:
        raise ValueError(kind)
    from events.registrations.tasks import send_registration_email

    transaction.on_commit(partial(send_registration_email.enqueue, registration.pk, kind))
