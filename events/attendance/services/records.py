"""Recording attendance, in one place.

Every operation runs in one transaction that first locks the registration's row (PostgreSQL:
``SELECT … FOR UPDATE``; SQLite serialises writers with ``BEGIN IMMEDIATE``), then reads, then
writes, then adds a history row. A slot is recorded at most once per registration (a unique
constraint holds it even against a second app server): recording it again changes nothing and
answers "already checked in at 09:14 by …". Network memberships that follow from attending are
added in the same transaction (services/membership.py), and so is the event's audit log entry
for each person a staff member recorded or took back (events/audit.py). The desk's check-ins
get one each too: each says who let whom in, and costs one insert in a transaction that already
writes two.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.records import locked
from events import audit
from events.attendance.errors import AttendanceError
from events.attendance.models import Attendance, AttendanceChange, Method
from events.attendance.slots import Slot, slot_for
from events.dates import clock
from events.registrations.models import Registration, RegistrationStatus

from .announcements import announce
from .membership import join_networks

S = RegistrationStatus

REFUSALS = {
    S.CANCELLED: (_("This registration was cancelled."), "cancelled"),
    S.DECLINED: (_("This registration was declined."), "declined"),
    S.WAITLISTED: (_("This person is on the waiting list, not confirmed."), "waitlisted"),
    S.PENDING: (_("This registration is still waiting for approval."), "pending"),
}


def check_attendable(registration):
    """Raises the reason ``registration`` cannot be checked in, if there is one."""
    if registration.status in REFUSALS:
        message, code = REFUSALS[registration.status]
        raise AttendanceError(message, code, registration=registration)
    if registration.awaiting_acceptance:
        raise AttendanceError(
            _("The participant has not accepted this registration yet."), "not_accepted", registration=registration
        )


def recorder_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def already_message(record):
    """ "Already checked in at 09:14 by Sara Ali." in the active language, in the event's time."""
    when = clock(timezone.localtime(record.at, record.registration.event.zone))
    name = recorder_name(record.recorded_by)
    if name:
        return _("Already checked in at %(time)s by %(name)s.") % {"time": when, "name": name}
    return _("Already checked in at %(time)s (%(method)s).") % {"time": when, "method": record.get_method_display()}


def _locked(registration_id):
    return locked(Registration.objects.select_related("event", "person")).get(pk=registration_id)


def _already(record, registration):
    record.registration = registration
    return AttendanceError(already_message(record), "already_checked_in", record=record, registration=registration)


def check_in(registration, slot_key, *, method=Method.SCAN, by=None, event=None, at=None, minutes=None, client_key=""):
    """Records that ``registration`` (a record or its id) was present in the slot
    ``slot_key`` and returns the new ``Attendance``.

    Refuses with an ``AttendanceError``: ``another_event`` (when ``event``, any language
    version, is given and the registration is not for it), ``cancelled``, ``declined``,
    ``waitlisted``, ``pending``, ``not_accepted``, ``no_slot``, or ``already_checked_in``
    carrying the existing record. ``at`` is when the person was seen (an offline scan's time);
    ``client_key`` identifies an offline scan so that sending it twice applies it once.
    """
    registration_id = getattr(registration, "pk", registration)
    with transaction.atomic():
        registration = _locked(registration_id)
        if event is not None and registration.event_id != event.canonical.pk:
            raise AttendanceError(_("This ticket is for another event."), "another_event")
        check_attendable(registration)
        slot = slot_for(registration.event, slot_key)
        existing = Attendance.objects.select_related("recorded_by").filter(registration=registration, slot=slot.key)
        record = existing.first()
        if record is not None:
            raise _already(record, registration)
        now = timezone.now()
        record = Attendance(
            registration=registration,
            event_id=registration.event_id,
            slot=slot.key,
            at=min(at or now, now),
            method=method,
            minutes=minutes,
            recorded_by=by,
            client_key=client_key[:64],
        )
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            raise _already(existing.get(), registration) from None
        AttendanceChange.objects.create(
            registration=registration,
            slot=slot.key,
            action=AttendanceChange.Action.RECORDED,
            method=method,
            at=now,
            by=by,
        )
        join_networks(registration, attended=True)
        audit.record_staff(audit.CHECK_IN, by, [registration], **_slot_details(slot), method=method)
        announce(record)
    return record


def _slot_details(slot):
    """What the audit log keeps of a slot: its key and its day."""
    return {"slot": slot.key, "day": slot.local_date.isoformat()} if isinstance(slot, Slot) else {"slot": slot}


def undo(registration, slot_key, *, by=None, note=""):
    """Removes the attendance of ``registration`` in ``slot_key``; the history keeps both the
    check-in and its undoing. ``not_checked_in`` when there is nothing to undo."""
    registration_id = getattr(registration, "pk", registration)
    with transaction.atomic():
        registration = _locked(registration_id)
        deleted, _rows = Attendance.objects.filter(registration=registration, slot=str(slot_key)).delete()
        if not deleted:
            raise AttendanceError(_("This person is not checked in for this slot."), "not_checked_in")
        AttendanceChange.objects.create(
            registration=registration,
            slot=str(slot_key),
            action=AttendanceChange.Action.UNDONE,
            at=timezone.now(),
            by=by,
            note=note[:255],
        )
        audit.record_staff(audit.UNDO, by, [registration], **_slot_details(_known_slot(registration, slot_key)))


def _known_slot(registration, slot_key):
    """The slot ``slot_key`` names, or the key alone when the event no longer has it (a
    session since removed from the agenda)."""
    try:
        return slot_for(registration.event, slot_key)
    except AttendanceError:
        return str(slot_key)


def record_many(event, slot_key, entries, *, method, by=None, at=None):
    """Records many people at once (a signed sheet, an online-meeting report, staff ticking
    names), all or nothing: ``entries`` maps registration ids to minutes present (or ``None``).

    Registrations of another event or that cannot attend refuse the whole batch before anything
    is written; people already recorded are left as they are (an online report fills in their
    minutes when the record has none). ``at`` is when they were present, if the source says
    (a report's meeting time); now by default. Returns ``{"recorded": n, "already": n}``."""
    canonical = event.canonical
    slot = slot_for(event, slot_key)
    with transaction.atomic():
        registrations = list(
            Registration.objects.select_for_update().filter(pk__in=list(entries)).select_related("event", "person")
        )
        if len(registrations) != len(set(entries)) or any(r.event_id != canonical.pk for r in registrations):
            raise AttendanceError(_("Some of these people are not registered for this event."), "another_event")
        for registration in registrations:
            check_attendable(registration)
        existing = {
            record.registration_id: record
            for record in Attendance.objects.filter(registration__in=registrations, slot=slot.key)
        }
        now = timezone.now()
        seen_at = min(at or now, now)
        created = []
        for registration in registrations:
            minutes = entries[registration.pk]
            record = existing.get(registration.pk)
            if record is not None:
                if minutes is not None and record.minutes is None:
                    record.minutes = minutes
                    record.save(update_fields=["minutes"])
                continue
            created.append(
                Attendance(
                    registration=registration,
                    event_id=canonical.pk,
                    slot=slot.key,
                    at=seen_at,
                    method=method,
                    minutes=minutes,
                    recorded_by=by,
                )
            )
        Attendance.objects.bulk_create(created)
        AttendanceChange.objects.bulk_create(
            AttendanceChange(
                registration=record.registration,
                slot=slot.key,
                action=AttendanceChange.Action.RECORDED,
                method=method,
                at=now,
                by=by,
            )
            for record in created
        )
        for record in created:
            join_networks(record.registration, attended=True)
            announce(record)
        registrations = [record.registration for record in created]
        audit.record_staff(audit.CHECK_IN, by, registrations, **_slot_details(slot), method=method)
    return {"recorded": len(created), "already": len(existing)}


def slot_counts(event, slot_key):
    """``(checked in, confirmed)`` for the desk's counter: two small counts."""
    canonical = event.canonical
    checked_in = Attendance.objects.filter(event_id=canonical.pk, slot=str(slot_key)).count()
    confirmed = Registration.objects.filter(
        event_id=canonical.pk, status=S.CONFIRMED, awaiting_acceptance=False
    ).count()
    return checked_in, confirmed
