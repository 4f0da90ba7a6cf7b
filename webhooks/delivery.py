"""From an announced change to signed requests: which endpoints want it, what they are sent,
and each attempt at sending it.

The registrations and attendance apps announce their changes after they commit
(``registration_changed``, ``checked_in``); ``kinds_for`` names the webhook kinds a change
makes, and ``could_match`` says — from a cached map of the active endpoints' events and kinds,
without a query while the map is fresh — whether any endpoint might want one, so a site without
endpoints (or an event without any) queues nothing. ``fan_out`` then, in the background, asks
the events' permission policy about each candidate endpoint (access.py) and writes one
delivery per endpoint with its body; ``attempt`` sends one, checking the address again first.

What a body holds (docs/webhooks.md): the kind, when the change happened, the event (its id
and its title and address in each language), the registration (id, reference, status, source,
language) with the person's name and email as the event's organisers see them
(``StaffDetails``: only what staff typed while the participant has not accepted), and for a
check-in its slot, method and time. Never the answers to the registration questions: they may
hold what people tell only the organisers, and the retention rule erases them after the
event, which copies sent elsewhere would outlive.
"""

import json
from datetime import UTC

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from events.attendance.errors import AttendanceError
from events.attendance.slots import slot_for
from events.models import EventPage
from events.registrations.models import Registration, RegistrationStatus
from events.registrations.services.emails import absolute
from events.registrations.services.people import StaffDetails

from . import addresses, signing, transport
from .access import may_receive
from .models import Attempt, Delivery, DeliveryStatus, Endpoint, Kind

TARGETS_KEY = "webhooks:targets"
# Other app servers see an endpoint added, changed or removed within this many seconds when
# the cache is not shared between them (the default local-memory one).
TARGETS_SECONDS = 60
ALL_EVENTS = 0


def kinds_for(change, status):
    """The webhook kinds a registration's ``change`` (announcements.py) to ``status`` makes:
    ``created`` for a new one, ``promoted`` for one from the waiting list, ``cancelled``, and
    ``confirmed`` whenever a registration becomes confirmed (created so, approved or promoted)."""
    kinds = {"created": [Kind.CREATED], "promoted": [Kind.PROMOTED], "cancelled": [Kind.CANCELLED]}.get(change, [])
    if status == RegistrationStatus.CONFIRMED:
        kinds = [*kinds, Kind.CONFIRMED]
    return [str(kind) for kind in kinds]


def targets():
    """``{event id (0: every event of the owner): {kinds}}`` of the active endpoints."""
    found = cache.get(TARGETS_KEY)
    if found is None:
        found = {}
        for event_id, kinds in Endpoint.objects.filter(active=True).values_list("event_id", "kinds"):
            found.setdefault(event_id or ALL_EVENTS, set()).update(kinds)
        cache.set(TARGETS_KEY, found, TARGETS_SECONDS)
    return found


def forget_targets(**kwargs):
    """After an endpoint changes, the map is read again (once the change is committed, so no
    request reads the old state into the cache in between)."""
    transaction.on_commit(lambda: cache.delete(TARGETS_KEY))


def could_match(event_id, kinds):
    found = targets()
    wanted = found.get(event_id, set()) | found.get(ALL_EVENTS, set())
    return bool(wanted.intersection(kinds))


def _iso(moment):
    return moment.astimezone(UTC).isoformat()


def _event_body(event):
    pages = EventPage.objects.live().filter(translation_key=event.translation_key).select_related("locale")
    pages = {page.locale.language_code: page for page in pages} or {event.locale.language_code: event}
    return {
        "id": event.pk,
        "title": {language: page.title for language, page in sorted(pages.items())},
        "url": {language: absolute(page.url) for language, page in sorted(pages.items()) if page.url},
    }


def _registration_body(registration, status):
    person = StaffDetails(registration)
    return {
        "id": registration.pk,
        "reference": registration.reference,
        "status": status,
        "source": registration.source,
        "language": registration.language,
        "person": {"name": person.name, "name_ar": person.name_ar, "email": person.email},
        # The registration whose place this one took (given to someone else), by its reference.
        "replaces": registration.replaces.reference if registration.replaces_id else None,
    }


def _slot_body(event, key):
    try:
        slots = {}
        for language in ("ar", "en"):
            with translation.override(language):
                slots[language] = slot_for(event, key)
    except AttendanceError:
        return {"key": key}
    slot = slots["ar"]
    body = {"key": slot.key, "kind": slot.kind, "start": _iso(slot.start), "end": _iso(slot.end)}
    if slot.title:
        body["title"] = {language: found.title for language, found in slots.items()}
    return body


def build_body(delivery_id, kind, event, registration, occurred_at, details):
    body = {
        "id": str(delivery_id),
        "kind": kind,
        "occurred_at": occurred_at,
        "event": _event_body(event),
        "registration": _registration_body(registration, details.get("status") or registration.status),
    }
    if "previous" in details:
        body["registration"]["previous_status"] = details["previous"]
    if kind == Kind.CHECKED_IN:
        body["check_in"] = {
            "slot": _slot_body(event, details["slot"]),
            "method": details["method"],
            "at": occurred_at,
        }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def fan_out(kinds, event_id, registration_id, occurred_at, details):
    """Writes a delivery for every active endpoint that wants one of ``kinds`` of this event
    and whose owner may manage it; returns the deliveries' ids."""
    event = EventPage.objects.filter(pk=event_id).first()
    registration = Registration.objects.select_related("person__user", "replaces").filter(pk=registration_id).first()
    if event is None or registration is None:
        return []
    candidates = (
        Endpoint.objects.filter(active=True)
        .filter(Q(event_id=event_id) | Q(event__isnull=True))
        .select_related("owner")
        .order_by("pk")
    )
    allowed = {}
    deliveries = []
    for endpoint in candidates:
        for kind in kinds:
            if kind not in endpoint.kinds:
                continue
            if endpoint.pk not in allowed:
                allowed[endpoint.pk] = may_receive(endpoint, event)
            if allowed[endpoint.pk]:
                delivery = Delivery(endpoint=endpoint, event=event, kind=kind)
                delivery.body = build_body(delivery.uuid, kind, event, registration, occurred_at, details).decode()
                deliveries.append(delivery)
    Delivery.objects.bulk_create(deliveries)
    return [delivery.pk for delivery in deliveries]


def ready_again(delivery_id):
    """A delivery sent again (by staff, or from the list of failed tasks) waits to be sent."""
    Delivery.objects.filter(pk=delivery_id).update(status=DeliveryStatus.PENDING)


# Why a delivery was not sent, by code (with addresses.MESSAGES and transport.MESSAGES).
REFUSALS = {
    "inactive": _("The endpoint is switched off."),
    "not_allowed": _("The endpoint's owner may no longer manage this event."),
}


def describe(error):
    """The reason an attempt kept (``code`` or ``code:value``), in the active language."""
    code, _colon, value = error.partition(":")
    message = {**addresses.MESSAGES, **transport.MESSAGES, **REFUSALS}.get(code)
    return error if message is None else str(message) % {"value": value}


def _refusal(delivery):
    """Why ``delivery`` may not be sent now (a reason's code), if there is a reason; else its
    ``Target``."""
    endpoint = delivery.endpoint
    if not endpoint.active:
        return "inactive"
    if delivery.event is None or not may_receive(endpoint, delivery.event):
        return "not_allowed"
    try:
        return addresses.check(endpoint.url)
    except addresses.AddressError as error:
        return error.stored


def attempt(delivery_id, *, final=True):
    """Sends the delivery once and records the attempt. Returns whether it should be tried
    again: never after a success, a refusal (the endpoint switched off, its owner no longer
    managing the event, its address refused) or the ``final`` attempt."""
    delivery = Delivery.objects.select_related("endpoint__owner", "event").filter(pk=delivery_id).first()
    if delivery is None:
        return False
    target = _refusal(delivery)
    if isinstance(target, str):
        _record(delivery, transport.Answer(error=target), final=True)
        return False
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Multaqa-Webhooks/1",
        signing.SIGNATURE_HEADER: signing.signature_header(delivery.endpoint.secret, body),
        signing.DELIVERY_HEADER: str(delivery.uuid),
        signing.KIND_HEADER: delivery.kind,
    }
    answer = transport.post(target, body, headers)
    _record(delivery, answer, final=final)
    return not answer.ok and not final


def _record(delivery, answer, *, final):
    if answer.ok:
        status = DeliveryStatus.DELIVERED
    else:
        status = DeliveryStatus.FAILED if final else DeliveryStatus.RETRYING
    now = timezone.now()
    with transaction.atomic():
        Attempt.objects.create(
            delivery=delivery,
            at=now,
            duration_ms=answer.duration_ms,
            response_code=answer.code,
            response_excerpt=answer.excerpt,
            error=answer.error,
        )
        Delivery.objects.filter(pk=delivery.pk).update(
            status=status,
            attempts=F("attempts") + 1,
            response_code=answer.code,
            response_excerpt=answer.excerpt,
            error=answer.error,
            last_attempt_at=now,
        )
