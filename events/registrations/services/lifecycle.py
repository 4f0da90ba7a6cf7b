"""The status rules of a registration, in one place.

Statuses: pending approval, confirmed, waitlisted, cancelled, declined. Every operation runs
in one transaction that first locks the event's ``RegistrationSettings`` row, then reads the
event's counts from its counter row (services/counter.py: one row, however many people
registered), then writes the registration and the counter's change; so the number of
confirmed people never passes the capacity, whatever the number of simultaneous requests or
app processes. (On PostgreSQL the lock is
``SELECT … FOR UPDATE``; SQLite connections open their transactions with ``BEGIN
IMMEDIATE`` — see site/settings.py — which serialises writers for the whole database.)

When a seat frees (cancellation, decline, capacity raised) the oldest waitlisted
registration is promoted in the same transaction. Participants are told of every change by
email, sent after the transaction commits, and the organisers, when the event's settings ask,
of registrations and cancellations by participants (services/organiser_emails.py). What staff
do (and the promotions their actions cause) is also written to the event's audit log, in the
same transaction (events/audit.py).
"""

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.compiled import CompiledQuery, as_datetime, insert
from core.records import locked
from events import audit
from events.registrations.models import (
    ACTIVE_STATUSES,
    REASON_MAX_LENGTH,
    Invitation,
    Registration,
    RegistrationSettings,
    RegistrationSource,
    RegistrationStatus,
    ServiceNote,
    StatusChange,
)
from events.translation import canonical_filter
from network.people import checked_email, person_for_email

from .announcements import announce
from .availability import has_free_seat
from .counter import count_change, locked_counts, read_counts
from .errors import RegistrationError
from .invitation_rules import locked_invitation
from .notifications import notify
from .organiser_emails import CANCELLED, REGISTERED, tell_on_commit
from .questions import replaced_answers

S = RegistrationStatus

# The email that tells someone of a registration new to them, by its status.
NEW_KIND = {S.CONFIRMED: "confirmed", S.WAITLISTED: "waitlisted", S.PENDING: "received"}


def lock_settings(event_id=None, event=None):
    """The settings row of the event (by the canonical page's id, or any language version of
    ``event``), with ``event_start`` and ``membership_trigger`` (the trigger of the event's
    attendance plan, ``None`` without one), locked until the transaction ends.

    On PostgreSQL the lock is ``SELECT … FOR UPDATE``, and waiting for it ends after the
    connection's ``lock_timeout`` (``DATABASE_LOCK_TIMEOUT``, 3 s by default; see
    site/settings.py) with a ``busy`` error instead of a hung request. SQLite has no row locks:
    its transactions start with ``BEGIN IMMEDIATE``, which serialises writers for the whole
    database, and wait up to its busy timeout."""
    if event is not None:
        event_id = (
            RegistrationSettings.objects.filter(canonical_filter(event)).values_list("event_id", flat=True).first()
        )
    try:
        settings = LOCK.first(RegistrationSettings, [event_id]) if event_id is not None else None
    except OperationalError as error:
        raise RegistrationError(
            _("Many people are registering for this event right now. Please try again in a moment."), "busy"
        ) from error
    if settings is None:
        raise RegistrationError(_("This event does not take registrations."), "not_offered")
    settings.event_start = as_datetime(settings.event_start)
    return settings


def _locked(event_id):
    settings = locked(RegistrationSettings.objects.filter(event_id=event_id))
    # The plan's trigger comes with the lock: a registration confirmed without a plan that
    # adds members on registering needs no query for it (attendance.services.membership).
    settings = settings.annotate(
        event_start=F("event__start"), membership_trigger=F("event__attendance_plan__membership_trigger")
    )
    return settings.order_by("pk")[:1]


# Compiled once (core/compiled.py): every registration takes the lock.
LOCK = CompiledQuery(_locked, -9_000_000_002)


def _change(registration, to_status, *, settings, by=None, note="", reason="", kind=None, email=None, now=None):
    """Moves ``registration`` to ``to_status``, counted, in its history, announced as ``kind``
    and emailed as ``email`` (``kind``'s own email by default)."""
    now = now or timezone.now()
    from_status = registration.status
    registration.status = to_status
    registration.status_changed_at = now
    registration.queued_at = now if to_status == S.WAITLISTED else None
    registration.save(update_fields=["status", "status_changed_at", "queued_at"])
    count_change(registration.event_id, from_status, to_status, settings=settings)
    StatusChange.objects.create(
        registration=registration, from_status=from_status, to_status=to_status, at=now, by=by, note=note, reason=reason
    )
    if kind:
        notify(registration, email or kind)
    announce(registration, kind, previous=from_status)
    return registration


def _check_window(settings, now):
    state = settings.window_state(now)
    if state == "not_yet_open":
        raise RegistrationError(_("Registration for this event has not opened yet."), "not_yet_open")
    if state == "closed":
        raise RegistrationError(_("Registration for this event is closed."), "closed")


def register(
    event,
    person,
    *,
    answers=None,
    language="ar",
    source=RegistrationSource.ONLINE,
    by=None,
    ignore_window=False,
    override_capacity=False,
    override_approval=False,
    entered=None,
    registered_at=None,
    send_email=True,
    invitation=None,
):
    """Registers ``person`` for ``event`` (any language version of the page, or the canonical
    page's id) and returns the registration.

    The outcome is confirmed, waitlisted or pending approval; or a ``RegistrationError``
    (``not_offered``, ``not_yet_open``, ``closed``, ``full``, ``already_registered``).
    Staff (``source=STAFF``) may ignore the window and, explicitly, the capacity and the
    approval (each override is noted in the history). ``entered`` (what an organiser typed:
    ``email``, ``name``, ``name_ar``) makes the registration await the participant's
    acceptance; they are told by email instead of the usual one. An import keeps the time the
    person registered elsewhere (``registered_at``, a form's timestamp) and may send no email.

    An event ``invitation_only`` takes online registrations only with an ``invitation`` of its
    own (``invitation_only`` otherwise); the invitation is read again under the lock, so that
    two requests with one invitation give one registration (``invitation_used``, and the
    refusals of ``invitation_rules.check_invitation``), and is marked with the registration.
    """
    now = timezone.now()
    try:
        with transaction.atomic():
            settings = lock_settings(event_id=event) if isinstance(event, int) else lock_settings(event=event)
            if not ignore_window:
                _check_window(settings, now)
            invitation = _checked_invitation(settings, invitation, person, source)
            counts = locked_counts(settings)
            status, kind = _status_for_new(settings, counts, source, override_capacity, override_approval)
            notes = []
            if override_approval and settings.approval_required:
                notes.append(ServiceNote.APPROVAL_SKIPPED)
            if status == S.CONFIRMED and not has_free_seat(settings, counts):
                notes.append(ServiceNote.BEYOND_CAPACITY)
            registration = _created(
                settings,
                person,
                status=status,
                now=now,
                by=by,
                note="; ".join(notes),
                entered=entered,
                source=source,
                language=language,
                answers=answers or {},
                created_at=registered_at or now,
                queued_at=now if status == S.WAITLISTED else None,
            )
            _use_invitation(invitation, registration)
            if source != RegistrationSource.ONLINE:
                audit.record_staff(audit.ADD, by, [registration], status=status, source=source, note="; ".join(notes))
            if status == S.WAITLISTED:
                registration.initial_position = counts.waitlisted + 1
            if send_email:
                notify(registration, "added" if entered else kind)
            tell_on_commit(settings, registration, REGISTERED)
            announce(registration, "created")
    except IntegrityError as error:
        # The partial unique constraint ("one_active_registration_per_person") is the check:
        # under the lock it can only be this person's earlier active registration.
        existing = Registration.objects.filter(
            event_id=settings.event_id, person=person, status__in=ACTIVE_STATUSES
        ).first()
        if existing is None:
            raise
        raise RegistrationError(
            _("You are already registered for this event."), "already_registered", registration=existing
        ) from error
    return registration


def _created(settings, person, *, status, now, by, note, entered=None, **fields):
    """A new registration of ``person`` in ``status`` (the other model ``fields`` as given),
    with the counter's change and its first history row. Call with the lock held. ``entered``
    (what an organiser typed) makes it await the person's acceptance."""
    entered = entered or {}
    # Compiled inserts (core/compiled.py): everyone pressing "Register" passes here.
    registration = Registration(
        event_id=settings.event_id,  # the canonical page: registrations are shared by translations
        person=person,
        status=status,
        status_changed_at=now,
        awaiting_acceptance=bool(entered),
        entered_email=entered.get("email", ""),
        entered_name=entered.get("name", ""),
        entered_name_ar=entered.get("name_ar", ""),
        **fields,
    )
    insert(registration)
    registration.membership_trigger = settings.membership_trigger  # read under the lock
    count_change(settings.event_id, after=status, settings=settings)
    insert(StatusChange(registration=registration, to_status=status, at=now, by=by, note=note))
    return registration


def _checked_invitation(settings, invitation, person, source):
    """The ``invitation`` read again and checked under the lock; refuses an online registration
    without one for an event by invitation only. Call with the lock held."""
    if invitation is not None:
        return locked_invitation(invitation, settings.event_id, person)
    if settings.invitation_only and source == RegistrationSource.ONLINE:
        raise RegistrationError(
            _("Registration for this event is by invitation only. Use the link in your invitation email."),
            "invitation_only",
        )
    return None


def _use_invitation(invitation, registration):
    if invitation is not None:
        Invitation.objects.filter(pk=invitation.pk).update(registration=registration)


def _status_for_new(settings, counts, source, override_capacity, override_approval):
    """Approval applies to every registration, also one staff add, unless staff skip it
    explicitly (``override_approval``)."""
    seat = override_capacity or has_free_seat(settings, counts)
    if not seat and not settings.waitlist_enabled:
        if source == RegistrationSource.ONLINE:
            raise RegistrationError(_("This event is full."), "full")
        raise RegistrationError(
            _("The event is full and has no waiting list. Add the person beyond capacity to confirm them."),
            "full",
        )
    if settings.approval_required and not override_approval:
        return S.PENDING, "received"
    if seat:
        return S.CONFIRMED, "confirmed"
    return S.WAITLISTED, "waitlisted"


def _locked_registration(registration):
    """Locks the event, then re-reads ``registration`` so the status acted on is current."""
    settings = lock_settings(registration.event_id)
    fresh = Registration.objects.select_related("event", "person").get(pk=registration.pk)
    return settings, fresh


def fill_free_seats(settings, *, by=None, as_participant=False):
    """Promotes the oldest waitlisted registrations into free seats. Call with the lock held.
    Seats a staff member's action freed are written to the audit log as theirs; those a
    participant freed by cancelling are not."""
    waiting = Registration.objects.waiting(settings.event_id).select_related("person")
    if settings.capacity is None:
        promoted = list(waiting)
    else:
        counts = locked_counts(settings)
        free = settings.capacity - counts.confirmed
        promoted = list(waiting[:free]) if free > 0 else []
    for registration in promoted:
        _change(
            registration, S.CONFIRMED, settings=settings, by=by, note=ServiceNote.FROM_WAITING_LIST, kind="promoted"
        )
    if not as_participant:
        audit.record_staff(audit.PROMOTE, by, promoted, seat_freed=True)
    return promoted


def participant_may_cancel(registration, now=None):
    """Participants may cancel an active registration until the event starts."""
    return registration.is_active and (now or timezone.now()) < registration.event.start


def checked_reason(reason):
    """An organiser's reason for the participant, as kept and emailed: trimmed, with one kind
    of line break; refused (``reason_too_long``) beyond what the history keeps."""
    reason = (reason or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise RegistrationError(
            _("The reason is too long: at most %(limit_value)d characters, and it has %(show_value)d.")
            % {"limit_value": REASON_MAX_LENGTH, "show_value": len(reason)},
            "reason_too_long",
        )
    return reason


def seat_goes_to(registration):
    """Who would take the seat if ``registration`` were cancelled or declined now: the first on
    the waiting list when it holds a confirmed seat that would become free; ``None`` otherwise.
    For the organiser's confirmation page; the action decides again under the lock."""
    if not registration.is_confirmed:
        return None
    settings = RegistrationSettings.objects.filter(event_id=registration.event_id).first()
    if settings is None:
        return None
    if settings.capacity is not None and read_counts(registration.event_id, settings).confirmed > settings.capacity:
        return None  # confirmed beyond capacity: one leaving frees no seat
    return Registration.objects.waiting(registration.event_id).select_related("person", "person__user").first()


def cancel(registration, *, by=None, as_participant=False, note="", reason=""):
    """Cancels an active registration. Participants may cancel until the event starts. An
    organiser's ``reason`` is kept in the history and quoted in the participant's email."""
    reason = checked_reason(reason)
    with transaction.atomic():
        settings, registration = _locked_registration(registration)
        if not registration.is_active:
            raise RegistrationError(_("This registration is no longer active."), "not_active")
        if as_participant and not participant_may_cancel(registration):
            raise RegistrationError(_("The event has started; it is too late to cancel."), "started")
        was_confirmed = registration.is_confirmed
        _change(registration, S.CANCELLED, settings=settings, by=by, note=note, reason=reason, kind="cancelled")
        if as_participant:
            tell_on_commit(settings, registration, CANCELLED)
        else:
            audit.record_staff(audit.CANCEL, by, [registration], note=note)
        if was_confirmed:
            fill_free_seats(settings, by=by, as_participant=as_participant)
    return registration


def give_refusal(registration, settings, now=None):
    """Why the participant may not give ``registration``'s place to someone else now (an error
    to raise), or ``None`` when they may: the event lets them (``settings``), the registration
    is active and theirs (accepted), and the event has not started."""
    if settings is None or not settings.participants_give_places:
        return RegistrationError(
            _("The organisers of this event do not let participants give their place to someone else."),
            "places_locked",
        )
    if not registration.is_active:
        return RegistrationError(_("This registration is no longer active."), "not_active")
    if registration.awaiting_acceptance:
        return RegistrationError(_("Accept the registration first."), "not_accepted")
    if (now or timezone.now()) >= registration.event.start:
        return RegistrationError(_("The event has started; it is too late to give your place."), "started")
    return None


def _check_may_replace(registration, settings, by, as_participant):
    """Raises why ``registration``'s place may not be given now: by its participant
    (``as_participant``, ``by`` their account) as ``give_refusal`` says; by an organiser while
    it is active. Call with the lock held."""
    if as_participant:
        if by is None or registration.person.user_id != by.pk:
            raise RegistrationError(_("No such registration."), "not_found")
        refusal = give_refusal(registration, settings)
        if refusal is not None:
            raise refusal
    elif not registration.is_active:
        raise RegistrationError(_("This registration is no longer active."), "not_active")


def _tell_replaced(settings, registration, replacement, *, by, as_participant):
    """Who learns that ``replacement`` took ``registration``'s place: the new person by email
    (who gave it them, or the organisers' usual words), the organisers as for a participant's
    registration and cancellation when the participant did it, the audit log when an organiser
    did; and the webhooks."""
    if as_participant:
        tell_on_commit(settings, registration, CANCELLED)
        tell_on_commit(settings, replacement, REGISTERED)
        notify(replacement, "given")
    else:
        audit.record_staff(audit.REPLACE, by, [registration], replacement=replacement.reference)
        audit.record_staff(audit.ADD, by, [replacement], status=replacement.status, source=replacement.source)
        notify(replacement, "added" if replacement.awaiting_acceptance else NEW_KIND[replacement.status])
    announce(replacement, "created")


def replace(registration, *, email="", name="", name_ar="", language="ar", by=None, reason="", as_participant=False):
    """Gives an active registration's place to someone else, such as the colleague an
    organisation sends instead, and returns the new registration.

    The person is named as when adding someone by hand (``add_by_staff``): by ``email``, the
    registration then awaiting their acceptance, or by name alone. The new registration takes
    the status of the old one, and its place: a confirmed seat stays taken, so no one on the
    waiting list moves; a waitlisted one keeps its position; a pending one still awaits
    approval. It starts without answers, since they were the other person's. The old one is
    cancelled; its participant is told by email, quoting the organiser's ``reason``.

    An organiser may do it at any time. The participant (``as_participant``, ``by`` their
    account) only as ``give_refusal`` allows, and only by email: the new person is told who
    gave them the place, and the organisers as for a registration and a cancellation; what the
    participant learns of the new person is only whether they can take it (``cannot_take``,
    never why). Refused: ``not_active``, ``same_person``, ``already_registered`` (the new
    person holds an active registration for the event), ``invalid_email``,
    ``reason_too_long``; for the participant also ``not_found``, ``email_required`` and the
    refusals of ``give_refusal``."""
    reason = checked_reason(reason)
    email = checked_email(email)
    name, name_ar = (name or "").strip(), (name_ar or "").strip()
    if as_participant and not email:
        raise RegistrationError(_("Give the email address of the person who takes your place."), "email_required")
    person = None
    try:
        with transaction.atomic():
            settings, registration = _locked_registration(registration)
            _check_may_replace(registration, settings, by, as_participant)
            person = person_for_email(email, name, name_ar)
            if person.pk == registration.person_id:
                if as_participant:
                    raise RegistrationError(_("This is your own email address."), "same_person")
                raise RegistrationError(_("This person already holds this registration."), "same_person")
            now, status = timezone.now(), registration.status
            entered = {"email": email, "name": name, "name_ar": name_ar} if email else None
            replacement = _created(
                settings,
                person,
                status=status,
                now=now,
                by=by,
                note=ServiceNote.IN_PLACE_OF,
                entered=entered,
                source=RegistrationSource.ONLINE if as_participant else RegistrationSource.STAFF,
                language=language,
                created_at=now,
                queued_at=registration.queued_at,
                replaces=registration,
            )
            _change(
                registration,
                S.CANCELLED,
                settings=settings,
                by=by,
                note=ServiceNote.REPLACED,
                reason=reason,
                kind="cancelled",
                # The participant who gave it is told so; one whose place the organisers gave,
                # that it is cancelled (with their reason).
                email="gave" if as_participant else None,
                now=now,
            )
            _tell_replaced(settings, registration, replacement, by=by, as_participant=as_participant)
    except IntegrityError as error:
        # The partial unique constraint: the new person already holds an active registration.
        active = Registration.objects.filter(event_id=registration.event_id, person=person, status__in=ACTIVE_STATUSES)
        if person is None or not active.exists():
            raise
        if as_participant:
            raise RegistrationError(
                _("This person cannot take your place. Ask the organisers if you need help."), "cannot_take"
            ) from error
        raise RegistrationError(_("This person is already registered for this event."), "already_registered") from error
    return replacement


def decline(registration, *, by=None, note="", reason=""):
    """An organiser refuses a registration (usually one pending approval). Their ``reason``
    is kept in the history and quoted in the participant's email."""
    reason = checked_reason(reason)
    with transaction.atomic():
        settings, registration = _locked_registration(registration)
        if not registration.is_active:
            raise RegistrationError(_("This registration is no longer active."), "not_active")
        was_confirmed = registration.is_confirmed
        _change(registration, S.DECLINED, settings=settings, by=by, note=note, reason=reason, kind="declined")
        audit.record_staff(audit.DECLINE, by, [registration], note=note)
        if was_confirmed:
            fill_free_seats(settings, by=by)
    return registration


def approve(registration, *, by=None, override_capacity=False):
    """Approves a pending registration: confirmed if a seat is free (or the organiser
    overrides the capacity explicitly), otherwise on the waiting list."""
    with transaction.atomic():
        settings, registration = _locked_registration(registration)
        if registration.status != S.PENDING:
            raise RegistrationError(_("Only registrations pending approval can be approved."), "not_pending")
        counts = locked_counts(settings)
        if override_capacity or has_free_seat(settings, counts):
            note = ServiceNote.BEYOND_CAPACITY if not has_free_seat(settings, counts) else ""
            _change(registration, S.CONFIRMED, settings=settings, by=by, note=note, kind="approved")
        else:
            _change(
                registration,
                S.WAITLISTED,
                settings=settings,
                by=by,
                note=ServiceNote.APPROVED_NO_SEAT,
                kind="waitlisted",
            )
        audit.record_staff(audit.APPROVE, by, [registration], status=registration.status)
    return registration


def promote(registration, *, by=None, override_capacity=False):
    """Moves a waitlisted (or pending) registration to confirmed, if a seat is free or the
    organiser overrides the capacity explicitly."""
    with transaction.atomic():
        settings, registration = _locked_registration(registration)
        if registration.status not in (S.WAITLISTED, S.PENDING):
            raise RegistrationError(_("Only waitlisted or pending registrations can be promoted."), "not_waiting")
        counts = locked_counts(settings)
        free = settings.capacity is None or counts.confirmed < settings.capacity
        if not free and not override_capacity:
            raise RegistrationError(
                _("No seat is free. Choose “beyond capacity” to confirm this person anyway."), "full"
            )
        note = "" if free else ServiceNote.BEYOND_CAPACITY
        _change(registration, S.CONFIRMED, settings=settings, by=by, note=note, kind="promoted")
        audit.record_staff(audit.PROMOTE, by, [registration], note=note)
    return registration


def settings_changed(settings, *, by=None):
    """After organisers change the settings (for example raise the capacity): fill the seats
    that became free from the waiting list."""
    with transaction.atomic():
        locked = lock_settings(settings.event_id)
        return fill_free_seats(locked, by=by)


def accept(registration, *, by=None, questions=(), answers=None):
    """The participant accepts a registration an organiser made for them: from now on the
    organisers see their directory details on it, and they get the usual email for its
    status (with the ticket when it is confirmed). When the event asks ``questions``, the
    participant's ``answers`` (the acceptance form's) replace those the organisers entered."""
    with transaction.atomic():
        _settings, registration = _locked_registration(registration)
        if not registration.is_active:
            raise RegistrationError(_("This registration is no longer active."), "not_active")
        if not registration.awaiting_acceptance:
            raise RegistrationError(_("This registration is already accepted."), "already_accepted")
        registration.awaiting_acceptance = False
        fields = ["awaiting_acceptance"]
        if questions:
            registration.answers = replaced_answers(registration.answers, questions, answers or {})
            fields.append("answers")
        registration.save(update_fields=fields)
        StatusChange.objects.create(
            registration=registration,
            from_status=registration.status,
            to_status=registration.status,
            by=by,
            note=ServiceNote.ACCEPTED_BY_PARTICIPANT,
        )
        notify(registration, NEW_KIND[registration.status])
    return registration


def resend_confirmation(registration, *, by=None):
    """Sends the confirmation again; while the participant has not accepted a registration
    staff made for them, the invitation to accept it instead."""
    if registration.status != S.CONFIRMED:
        raise RegistrationError(_("Only confirmed registrations have a confirmation to resend."), "not_confirmed")
    with transaction.atomic():
        notify(registration, "added" if registration.awaiting_acceptance else "confirmed")
        audit.record_staff(audit.RESEND, by, [registration])
    return registration
