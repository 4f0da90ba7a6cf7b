"""Announcing a registration's changes to whoever listens, once they are committed.

The registrations app knows nothing of its listeners (the organisers' webhooks, for one): it
sends ``registration_changed`` after the transaction that made the change commits, so a change
that rolls back is never announced, and a listener never runs while the event is locked. With
no listener connected nothing is registered on the transaction at all.

The signal's arguments: ``registration_id``, ``event_id`` (the canonical page), ``change`` —
``created``, or what an existing registration went through: ``approved``, ``promoted``,
``waitlisted``, ``cancelled``, ``declined`` (the lifecycle's email kinds) — ``status`` and
``previous`` (its status after and before; ``previous`` is empty for ``created``) and ``at``
(when it happened). Listeners should only queue work: they run in the request that made the
change.
"""

from functools import partial

from django.db import transaction
from django.dispatch import Signal

registration_changed = Signal()


def send_on_commit(signal, sender, **arguments):
    """Sends ``signal`` with ``arguments`` once the current transaction commits, if anyone
    listens (check-ins are announced the same way: events/attendance/services/announcements.py)."""
    if signal.has_listeners(sender):
        transaction.on_commit(partial(signal.send, sender=sender, **arguments))


def announce(registration, change, previous=""):
    """Sends ``registration_changed`` for ``registration`` as it is now, when the current
    transaction commits."""
    send_on_commit(
        registration_changed,
        type(registration),
        registration_id=registration.pk,
        event_id=registration.event_id,
        change=change,
        status=registration.status,
        previous=previous,
        at=registration.status_changed_at,
    )
