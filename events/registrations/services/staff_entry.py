"""An organiser registers someone by hand (a guest, a delegation member).

What the organiser learns is only what they typed and what concerns their own event: the
answer is the same whether the email belongs to someone in the directory or not, and a
registration made for someone already there awaits that person's acceptance in "My events";
until then the organisers see only the details they entered (``Registration.entered_*``),
not the directory's name, phone or other registrations. Approval rules apply unless the
organiser skips them explicitly, which the registration's history records. A refused add
(closed, full, already registered) leaves nothing behind: the person is looked up or created
in the same transaction as the registration.
"""

from django.db import transaction

from events.registrations.models import RegistrationSource
from network.people import checked_email, person_for_email

from .lifecycle import lock_settings, register


def add_by_staff(
    event,
    *,
    email="",
    name="",
    name_ar="",
    language="ar",
    by=None,
    override_capacity=False,
    override_approval=False,
    answers=None,
):
    """Registers the person named by ``email`` (or, without one, a new entry with these
    names) for ``event``, with the ``answers`` the organiser gave to its questions (checked by
    their form, kept as the participant's form keeps them); returns the registration or raises
    a ``DomainError`` (``invalid_email`` from the directory; ``not_offered``, ``full``,
    ``already_registered``). With an email the registration awaits the participant's
    acceptance, whoever they turn out to be."""
    email = checked_email(email)
    name, name_ar = (name or "").strip(), (name_ar or "").strip()
    with transaction.atomic():
        # The event's lock first, so the person is found or made under it; ``register``
        # takes it again in the same transaction.
        lock_settings(event_id=event) if isinstance(event, int) else lock_settings(event=event)
        person = person_for_email(email, name, name_ar)
        entered = {"email": email, "name": name, "name_ar": name_ar} if email else None
        return register(
            event,
            person,
            answers=answers,
            language=language,
            source=RegistrationSource.STAFF,
            by=by,
            ignore_window=True,
            override_capacity=override_capacity,
            override_approval=override_approval,
            entered=entered,
        )
