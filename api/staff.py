"""The staff API: personal tokens (``Authorization: Bearer <token>``), the same permissions as
the admin.

Each endpoint asks the admin's policy for the token's user (events/permissions.py) and keeps to
the token's own events: reading an event's registrations and attendance is its organisers' and
reporters' (``reports_policy``, as the admin's lists), opening one registration and adding one
its organisers' (``registrations_policy``), checking people in its organisers' and desk staff's
(``desk_policy``). An event the token may not reach answers 404, as one that does not exist.
Writing needs a token with the write scope. Registrations are added through the organisers'
service (``add_by_staff``: capacity, waiting list, approval and emails apply) and check-ins
recorded through the desk's (``scan``, then ``records.check_in``), so the API can do nothing the
admin could not.

Every call is logged (``tokens.record_call``): token, user, method, path, status, the refusal's
code, time taken and the client's address as the rate limits read it; and counted against
``RATE_LIMITS["api"]`` (core/limits.py) per address and per account.
"""

import ipaddress
import math
import time
from functools import wraps
from typing import Annotated

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from ninja import Path, Query, Router, Status
from ninja.responses import codes_4xx
from ninja.security import HttpBearer

from core import limits
from core.ids import LARGEST_ID
from events import audit
from events.attendance.figures import slot_rows
from events.attendance.models import Attendance
from events.attendance.services.desk import scan
from events.attendance.slots import current_slot, plan_for, slot_for, slots_for
from events.models import EventPage
from events.permissions import desk_policy, registrations_policy, reports_policy
from events.registrations import services
from events.registrations.models import Registration, RegistrationSettings, RegistrationStatus
from events.registrations.services.people import StaffDetails
from events.registrations.staff.base import event_or_404
from events.translation import default_language, localized_events

from . import errors, tokens
from .staff_schemas import (
    AttendanceList,
    CheckInIn,
    CheckInOut,
    EventList,
    Paging,
    Refusal,
    RegistrationDetail,
    RegistrationFilters,
    RegistrationIn,
    RegistrationList,
    RegistrationOut,
)

RATE = "api"


class TokenAuth(HttpBearer):
    """A personal token (api/tokens.py); the call then acts as the token's user. A refusal is
    left on the request for ``errors.reworded`` to word: Django Ninja answers 401 to any."""

    def authenticate(self, request, token):
        try:
            staff_token = tokens.authenticate(token)
        except tokens.TokenError as error:
            request.api_token = error.token
            request.api_auth_error = error
            self.count(request)
            return None
        request.api_token = staff_token.token
        request.user = staff_token.token.user
        return staff_token if self.count(request) else None

    def count(self, request):
        try:
            limits.consume(request, RATE)
        except limits.TooManyAttempts as error:
            request.api_auth_error = error
            return False
        return True


def client_ip(request):
    """The client's address as the limits read it, if it is one (a proxy's header could hold
    anything)."""
    address = limits.client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def logged(run):
    """Logs every call of the router's operations, refused ones too; no shared cache keeps an
    answer, and a 404 stays a 404."""

    @wraps(run)
    def call(request, *args, **kwargs):
        started = time.monotonic()
        status = 500
        try:
            response = errors.reworded(request, run(request, *args, **kwargs))
            status = response.status_code
            patch_cache_control(response, private=True, no_store=True)
            return response
        finally:
            token = getattr(request, "api_token", None)
            tokens.record_call(
                token=token,
                user=token.user if token is not None else None,
                method=request.method,
                path=request.get_full_path(),
                status=status,
                code=getattr(request, "api_error_code", ""),
                duration_ms=(time.monotonic() - started) * 1000,
                client_ip=client_ip(request),
            )

    return call


router = Router(tags=["staff"], auth=TokenAuth())
router.add_decorator(logged, mode="view")
router.add_decorator(errors.refusals, mode="operation")

REFUSALS = {codes_4xx: Refusal}
EventId = Annotated[int, Path(ge=1, le=LARGEST_ID, description="The event's id (either language's page).")]
Reference = Annotated[str, Path(max_length=40, description="The registration's reference.")]


# --- what a token may reach ------------------------------------------------------------------


def token_event(request, event_id, policy):
    """The canonical event behind ``event_id`` (either language's page) if the token may do
    ``policy``'s work on it: its user may, as in the admin, and it is among the token's events."""
    event = event_or_404(request, event_id, policy)
    staff_token = request.auth
    if not staff_token.all_events and not staff_token.events.filter(pk=event.pk).exists():
        raise Http404
    return event


def language():
    return (get_language() or default_language()).split("-")[0]


def page_of(queryset, paging):
    """``(count, pages, rows)`` of the page ``paging`` asks for; a page past the end is empty."""
    count = queryset.count()
    start = (paging.page - 1) * paging.page_size
    rows = list(queryset[start : start + paging.page_size]) if start < count else []
    return count, max(1, math.ceil(count / paging.page_size)), rows


# --- events ----------------------------------------------------------------------------------


@router.get("/events", response={200: EventList, **REFUSALS}, summary="The events this token may see")
def events(request, paging: Query[Paging]):
    """Every event the token may read or work the desk of, the latest first, with what it may do
    there and, where it may read them, the live registration counts."""
    staff_token = request.auth
    readable = tokens.events_for(staff_token, reports_policy)
    desks = tokens.events_for(staff_token, desk_policy)
    count, pages, rows = page_of((readable | desks).order_by("-start", "-pk"), paging)
    ids = [event.pk for event in rows]
    shown = EventPage.objects.filter(pk__in=ids)
    may_read = set(tokens.events_for(staff_token, reports_policy, shown).values_list("pk", flat=True))
    may_register = set(tokens.events_for(staff_token, registrations_policy, shown).values_list("pk", flat=True))
    may_check_in = set(tokens.events_for(staff_token, desk_policy, shown).values_list("pk", flat=True))
    counts = services.counts_by_event(ids)
    capacities = dict(RegistrationSettings.objects.filter(event_id__in=ids).values_list("event_id", "capacity"))
    items = []
    for event, titled in zip(rows, localized_events(rows, language(), live_only=False), strict=True):
        readable_counts = event.pk in may_read and event.pk in capacities
        items.append(
            {
                "id": event.pk,
                "title": titled.title,
                "start": event.start,
                "end": event.end,
                "may_read": event.pk in may_read,
                "may_register": event.pk in may_register and staff_token.may_write,
                "may_check_in": event.pk in may_check_in and staff_token.may_write,
                "registrations": {"capacity": capacities[event.pk], **vars(counts[event.pk])}
                if readable_counts
                else None,
            }
        )
    return {"count": count, "page": paging.page, "pages": pages, "items": items}


# --- registrations ---------------------------------------------------------------------------


def registration_row(registration):
    shown = StaffDetails(registration)
    position = getattr(registration, "position", None) or getattr(registration, "initial_position", None)
    waiting = registration.status == RegistrationStatus.WAITLISTED
    return {
        "id": registration.pk,
        "reference": registration.reference,
        "status": registration.status,
        "status_label": str(registration.get_status_display()),
        "source": registration.source,
        "language": registration.language,
        "role": registration.role,
        "created_at": registration.created_at,
        "status_changed_at": registration.status_changed_at,
        "waitlist_position": (position or registration.waitlist_position()) if waiting else None,
        "awaiting_acceptance": registration.awaiting_acceptance,
        "replaces": registration.replaces.reference if registration.replaces_id else None,
        "name": shown.name or "",
        "name_ar": shown.name_ar or "",
        "email": shown.email or "",
    }


@router.get(
    "/events/{event_id}/registrations",
    response={200: RegistrationList, **REFUSALS},
    summary="An event's registrations",
)
def registrations(request, event_id: EventId, filters: Query[RegistrationFilters]):
    """The event's registrations, the earliest first, optionally of one status. What staff see
    of a registration they added is what they entered until the person accepts it."""
    event = token_event(request, event_id, reports_policy)
    rows = Registration.objects.filter(event=event).select_related("person", "person__user", "replaces")
    if filters.status:
        rows = rows.filter(status=filters.status)
    count, pages, page = page_of(rows.with_waitlist_position().order_by("created_at", "pk"), filters)
    audit.record(
        event,
        audit.EXPORT,
        request.user,
        rows=len(page),
        format="api",
        filters={"status": filters.status} if filters.status else None,
    )
    items = [registration_row(registration) for registration in page]
    return {"count": count, "page": filters.page, "pages": pages, "items": items}


@router.get(
    "/events/{event_id}/registrations/{reference}",
    response={200: RegistrationDetail, **REFUSALS},
    summary="One registration",
)
def registration(request, event_id: EventId, reference: Reference):
    """One registration with the person's phone, the answers and the history of its status: for
    the event's organisers, as its page in the admin (and written to the event's audit log the
    same way)."""
    event = token_event(request, event_id, registrations_policy)
    found = (
        Registration.objects.filter(event=event, reference=reference.strip().upper())
        .select_related("person", "person__user", "event", "replaces")
        .prefetch_related("history")
        .first()
    )
    if found is None:
        raise Http404
    audit.viewed(request.user, found, screen="api")
    shown = StaffDetails(found)
    history = [
        {"from_status": change.from_status, "to_status": change.to_status, "at": change.at, "note": change.note}
        for change in found.history.all()
    ]
    answers = {} if found.awaiting_acceptance else found.answers
    return {**registration_row(found), "phone": shown.phone or "", "answers": answers, "history": history}


@router.post(
    "/events/{event_id}/registrations",
    response={201: RegistrationOut, **REFUSALS},
    summary="Add a registration",
)
def add_registration(request, event_id: EventId, payload: RegistrationIn):
    """Registers someone, as an organiser does by hand in the admin: outside the registration
    window if need be, on the waiting list when the event is full (or confirmed beyond the
    capacity with ``override_capacity``), pending when it needs approval (unless
    ``override_approval``). With an email the person is told and accepts it in "My events"."""
    tokens.require_write(request.auth)
    event = token_event(request, event_id, registrations_policy)
    if not payload.name.strip() and not payload.name_ar.strip():
        raise services.RegistrationError(_("Give the person's name in at least one script."), "name_missing")
    try:
        added = services.add_by_staff(
            event,
            email=payload.email,
            name=payload.name,
            name_ar=payload.name_ar,
            language=payload.language,
            by=request.user,
            override_capacity=payload.override_capacity,
            override_approval=payload.override_approval,
        )
    except services.RegistrationError as error:
        if error.code != "already_registered":
            raise
        raise services.RegistrationError(
            _("This person is already registered for this event."), "already_registered"
        ) from error
    return Status(201, registration_row(added))


# --- attendance ------------------------------------------------------------------------------


@router.get(
    "/events/{event_id}/attendance",
    response={200: AttendanceList, **REFUSALS},
    summary="An event's attendance",
)
def attendance(request, event_id: EventId, paging: Query[Paging]):
    """Each day or session of the event with how many of the confirmed were present; then, a page
    at a time, each confirmed registration (and any other that was checked in before its status
    changed) with the slots it was present at."""
    event = token_event(request, event_id, reports_policy)
    slots = slots_for(event.localized, plan_for(event))
    confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()
    checked_in = Exists(Attendance.objects.filter(registration=OuterRef("pk")))
    rows = (
        Registration.objects.filter(event=event)
        .filter(Q(status=RegistrationStatus.CONFIRMED) | checked_in)
        .select_related("person", "person__user")
        .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.order_by("at", "pk")))
        .order_by("created_at", "pk")
    )
    count, pages, page = page_of(rows, paging)
    audit.record(event, audit.EXPORT, request.user, rows=len(page), format="api", report="attendance")
    items = []
    for registration in page:
        shown = StaffDetails(registration)
        attended = [
            {"slot": record.slot, "at": record.at, "method": record.method, "minutes": record.minutes}
            for record in registration.attendance.all()
        ]
        items.append(
            {
                "reference": registration.reference,
                "status": registration.status,
                "name": shown.name or "",
                "name_ar": shown.name_ar or "",
                "attended": attended,
            }
        )
    return {
        "slots": [
            {
                "key": row["slot"].key,
                "kind": row["slot"].kind,
                "label": row["slot"].label,
                "start": row["slot"].start,
                "end": row["slot"].end,
                "present": row["present"],
                "absent": row["absent"],
                "rate": row["rate"],
            }
            for row in slot_rows(event, slots, confirmed)
        ],
        "count": count,
        "page": paging.page,
        "pages": pages,
        "items": items,
    }


@router.post(
    "/events/{event_id}/check-ins",
    response={201: CheckInOut, **REFUSALS},
    summary="Check someone in",
)
def check_in(request, event_id: EventId, payload: CheckInIn):
    """Checks in the holder of a ticket (its reference, or what its QR code holds) for a day or
    session of the event, the current one by default, as the desk does. A second check-in for
    the same slot records nothing and is refused with ``already_checked_in``, saying when and by
    whom the first was made."""
    tokens.require_write(request.auth)
    event = token_event(request, event_id, desk_policy)
    shown = event.localized
    slot_key = payload.slot
    if not slot_key:
        slot = current_slot(slots_for(shown, plan_for(event)))
        slot_key = slot.key if slot else ""
    record = scan(event, slot_key, payload.code, by=request.user)
    return Status(
        201,
        {
            "reference": record.registration.reference,
            "slot": record.slot,
            "slot_label": slot_for(shown, record.slot).label,
            "at": record.at,
            "method": record.method,
            "minutes": record.minutes,
        },
    )
