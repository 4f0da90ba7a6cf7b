"""Someone who never registered arrives at the desk: they are registered and checked in at
once, or nothing is written.

The desk cannot tell who owns an email address typed at the door, so a walk-in always becomes
a new private entry in the directory with the names and the address the desk typed, never the
entry the address may already belong to. The desk therefore learns nothing about the directory
(its answer is the same whether or not the address is known), and no one's record is changed
because somebody gave their address at the door; the directory's staff merge the two entries
when they are the same person. The event's lock is taken first, so the seat count read here is
the one the registration is made under: a full event refuses unless the desk explicitly lets
the person in beyond capacity, which the registration's history records.
"""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from events.attendance.errors import AttendanceError
from events.attendance.models import Method
from events.attendance.slots import slot_for
from events.registrations.models import RegistrationSource, RegistrationStatus
from events.registrations.services.lifecycle import lock_settings, register
from network.people import checked_email, person_for_email, save_profile

from .records import check_in


def _full():
    return AttendanceError(
        _("The event is full. Tick “Let in beyond capacity” to register and check in this person anyway."), "full"
    )


def _new_person(name, name_ar, email, organisation):
    # Without an address the directory always makes a new entry; the address and the
    # organisation are then saved on that entry alone.
    person = person_for_email("", name, name_ar)
    if email or organisation:
        save_profile(person, {"email": email} if email else {}, organisation=organisation)
    return person


def walk_in(event, slot_key, *, name="", name_ar="", email="", organisation="", by=None, override_capacity=False):
    """Registers a person who came to the desk without registering (as staff, outside the
    registration window, approved by the desk) and checks them in for ``slot_key``; returns
    the ``Attendance``.

    Refuses with a ``DomainError`` and writes nothing: ``no_name``, ``invalid_email``,
    ``no_slot``, ``not_offered`` (the event takes no registrations), ``full`` (no free seat
    and ``override_capacity`` not given), ``busy``."""
    name, name_ar, organisation = (name or "").strip(), (name_ar or "").strip(), (organisation or "").strip()
    if not (name or name_ar):
        raise AttendanceError(_("Give the person's name in at least one script."), "no_name")
    email = checked_email(email)
    slot = slot_for(event, slot_key)
    with transaction.atomic():
        settings = lock_settings(event=event)
        person = _new_person(name, name_ar, email, organisation)
        try:
            registration = register(
                settings.event_id,
                person,
                language=(translation.get_language() or "ar").split("-")[0],
                source=RegistrationSource.STAFF,
                by=by,
                ignore_window=True,
                override_capacity=override_capacity,
                override_approval=True,
            )
        except DomainError as error:
            if error.code == "full":
                raise _full() from error
            raise
        if registration.status != RegistrationStatus.CONFIRMED:
            # Only a waiting-list place was free: the walk-in is not let in, and the
            # registration goes with the rest of the transaction.
            raise _full()
        return check_in(registration, slot.key, method=Method.WALK_IN, by=by, event=event)
