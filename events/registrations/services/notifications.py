"""Emails to participants, queued on Django's task framework with the change that causes them."""

from functools import partial

from django.db import transaction

from events.registrations.tasks import send_answers_email, send_registration_email

KINDS = (
    "added",
    "given",
    "gave",
    "received",
    "confirmed",
    "waitlisted",
    "promoted",
    "approved",
    "declined",
    "cancelled",
    "reminder",
    "accept_reminder",
    "evaluation",
)


def _queue_is_in_the_database(task):
    """True when tasks are rows in this database (production's worker): queueing then joins
    the current transaction, so the email is queued if and only if the change is committed."""
    try:
        from django_tasks_db.backend import DatabaseBackend
    except ImportError:
        return False
    return isinstance(task.get_backend(), DatabaseBackend)


def queue_on_commit(task, *args):
    """Queues ``task(*args)`` for when the current transaction commits; nothing is queued if it
    rolls back. With a database-backed queue the task row is written in the transaction
    itself (one commit instead of two); with any other backend, such as the demo's immediate
    one, the task is enqueued after the commit."""
    if _queue_is_in_the_database(task):
        task.enqueue(*args)
    else:
        transaction.on_commit(partial(task.enqueue, *args))


def notify(registration, kind):
    """Sends the ``kind`` email about ``registration`` once the current transaction commits."""
    if kind not in KINDS:
        raise ValueError(kind)
    queue_on_commit(send_registration_email, registration.pk, kind)


def notify_answers_changed(change):
    """Emails the participant about ``change`` (an ``AnswerChange``) once the current
    transaction commits."""
    queue_on_commit(send_answers_email, change.pk)
