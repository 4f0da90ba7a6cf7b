"""Announcing recorded check-ins to whoever listens, once they are committed.

The attendance app knows nothing of its listeners (the organisers' webhooks, for one): it sends
``checked_in`` after the transaction that recorded the attendance commits, so a check-in that
rolls back is never announced. With no listener connected nothing is registered on the
transaction at all.

The signal's arguments: ``attendance_id``, ``registration_id``, ``event_id`` (the canonical
page), ``slot`` (the slot's key: a day, ``2018-04-14``, or a session's key), ``method`` and
``at`` (when the person was seen). Listeners should only queue work: they run in the request
that recorded the check-in.
"""

from django.dispatch import Signal

from events.registrations.services.announcements import send_on_commit

checked_in = Signal()


def announce(record):
    """Sends ``checked_in`` for the attendance ``record`` when the current transaction commits."""
    send_on_commit(
        checked_in,
        type(record),
        attendance_id=record.pk,
        registration_id=record.registration_id,
        event_id=record.event_id,
        slot=record.slot,
        method=record.method,
        at=record.at,
    )
