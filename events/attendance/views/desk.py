"""The check-in desk: a page for a phone that checks people in by ticket scan, typed code or
name, registers walk-ins and keeps working while the network is down, and the small JSON
endpoints it talks to.

Only the event's desk staff and organisers (``desk_policy``) reach any of it; everyone else
gets the site's not-found page, which names no event. Every answer is in the language of the
address. A request the desk cannot read (not JSON, too large, an unknown day or session) is
a 400 with a message, never an error page. The service worker that keeps the page open
offline is served under /<lang>/desk/, so its scope covers every desk page of that language.
"""

import hashlib
import json
from datetime import UTC, timedelta
from functools import cache, wraps

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import RequestDataTooBig
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import limits
from core.errors import DomainError
from events.attendance.errors import AttendanceError
from events.attendance.models import Attendance, Method
from events.attendance.services import check_in, slot_counts, undo
from events.attendance.services.desk import LONGEST_CODE, find_by_name, scan
from events.attendance.services.walk_in import walk_in
from events.attendance.slots import current_slot, plan_for, slot_for, slots_for
from events.models import EventPage
from events.permissions import desk_policy
from events.registrations.models import Registration
from events.registrations.services.people import StaffDetails
from events.registrations.services.tickets import desk_key
from events.registrations.views.helpers import personal
from events.translation import default_language, localized_events
from network.models import Affiliation
from network.people import MAIN_AFFILIATION_ORDER

SMALL_BODY = 16 * 1024
SYNC_BODY = 256 * 1024
SYNC_BATCH = 100  # scans in one sync request; the desk sends 25 at a time
LONGEST_QUERY = 100
LONGEST_KEY = 64
POLL_SECONDS = 4
# What the service worker keeps for a desk that loses the network.
OFFLINE_ASSETS = [
    "css/main.css",
    "js/site.js",
    "fonts/ibm-plex-sans-arabic-arabic-400-normal.woff2",
    "fonts/ibm-plex-sans-arabic-arabic-700-normal.woff2",
    "fonts/ibm-plex-sans-arabic-latin-400-normal.woff2",
    "fonts/ibm-plex-sans-arabic-latin-700-normal.woff2",
    "img/favicon.svg",
    "attendance/desk/desk.css",
    "attendance/desk/desk.js",
    "attendance/desk/vendor/idb.umd.js",
    "attendance/desk/vendor/barcode-detector.ponyfill.js",
    "attendance/desk/vendor/zxing_reader.wasm",
]


class Unreadable(Exception):
    """A desk request that cannot be acted on: answered with a 400 and this message."""


# --- who may use the desk ---------------------------------------------------------------------


def _desk_event(request, event_id):
    """The canonical event behind ``event_id`` (either language's page) if the user may work
    its desk; otherwise the not-found page."""
    page = EventPage.objects.filter(pk=event_id).first() if request.user.is_authenticated else None
    if page is None:
        raise Http404
    event = page.canonical
    if not desk_policy.user_has_permission_for(request.user, event):
        raise Http404
    return event


def _language():
    return (get_language() or default_language()).split("-")[0]


# --- pages --------------------------------------------------------------------------------------


@personal
@login_required
def desk_index(request):
    """The events the user may work the desk for that have not long ended, soonest first."""
    if not desk_policy.user_has_permission(request.user):
        raise Http404
    since = timezone.now() - timedelta(days=1)
    events = desk_policy.events_for_user(request.user).filter(locale__language_code=default_language(), end__gte=since)
    shown = localized_events(list(events.order_by("start", "pk")), _language())
    return render(request, "attendance/desk/index.html", {"events": shown})


def _chosen_slot(slots, key):
    for slot in slots:
        if slot.key == key:
            return slot
    return current_slot(slots)


@personal
@login_required
def desk(request, event_id):
    """The desk of one event, for the slot in ``?slot=`` or the one in progress or next."""
    event = _desk_event(request, event_id)
    shown = event.localized
    slots = slots_for(shown, plan_for(event))
    slot = _chosen_slot(slots, request.GET.get("slot"))
    checked_in, confirmed = slot_counts(event, slot.key) if slot else (0, 0)
    context = {
        "event": event,
        "shown_event": shown,
        "slots": slots,
        "slot": slot,
        "checked_in": checked_in,
        "confirmed": confirmed,
        "config": _config(event, slot, request.GET.get("code", "")[:LONGEST_CODE]),
    }
    return render(request, "attendance/desk/desk.html", context)


def _config(event, slot, code):
    """What the desk's script needs: its addresses, the event's ticket key (to check a code's
    signature and event while offline) and its words in the page's language."""
    urls = {name: reverse(f"attendance:desk_{name}", args=[event.pk]) for name in ENDPOINTS}
    return {
        "event": event.pk,
        "slot": slot.key if slot else "",
        "deskKey": desk_key(event.pk),
        "urls": {
            **urls,
            "page": reverse("attendance:desk", args=[event.pk]),
            "worker": reverse("attendance:desk_worker"),
        },
        "assets": {
            "idb": static("attendance/desk/vendor/idb.umd.js"),
            "detector": static("attendance/desk/vendor/barcode-detector.ponyfill.js"),
            "wasm": static("attendance/desk/vendor/zxing_reader.wasm"),
        },
        "poll": POLL_SECONDS * 1000,
        "code": code,
        "strings": _strings(),
    }


def _strings():
    return {
        "checking": _("Checking…"),
        "green": _("Checked in"),
        "amber": _("Already checked in"),
        "red": _("Not checked in"),
        "provisional": _("Provisional"),
        "undone": _("Undone"),
        "provisionalToken": _("Provisional: signature and event checked, status will be checked when back online."),
        "provisionalReference": _("Provisional: the reference is kept and will be checked when back online."),
        "forged": _("This code is not a ticket of this site."),
        "anotherEvent": _("This ticket is for another event."),
        "online": _("Connected"),
        "offline": _("Offline: scans are kept on this phone"),
        "waiting": _("waiting to be sent"),
        "undo": _("Undo"),
        "unreachable": _("The server did not answer. Try again in a moment."),
        "signedOut": _(
            "You are signed out, or no longer on this event's desk. Sign in again: scans waiting here are kept."
        ),
        "needsNetwork": _("This needs the connection. Scan or type ticket codes meanwhile: they are kept."),
        "noResults": _("No one registered for this event has this name."),
        "noCamera": _("The camera cannot be used here. Scan with a scanner or type the code instead."),
        "pointCamera": _("Point the camera at the ticket's QR code."),
        "startCamera": _("Scan with the camera"),
        "stopCamera": _("Stop the camera"),
        "checkedInMark": _("already checked in"),
        "sentFromQueue": _("Sent after the connection returned"),
    }


# --- the service worker ---------------------------------------------------------------------------


@cache
def _worker_source():
    path = finders.find("attendance/desk/sw.js")
    with open(path, encoding="utf-8") as source:
        return source.read()


def service_worker(request):
    """The desk's service worker, with the addresses of what it keeps for offline use. Its
    version follows those addresses and its own text, so a new release replaces the old copy."""
    assets = [static(name) for name in OFFLINE_ASSETS]
    source = _worker_source()
    version = hashlib.sha256(json.dumps([source, assets]).encode()).hexdigest()[:12]
    script = source.replace("__ASSETS__", json.dumps(assets)).replace("__VERSION__", version)
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


# --- reading requests -----------------------------------------------------------------------------


def _payload(request, limit=SMALL_BODY):
    """The JSON object the desk sent, or ``Unreadable``."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise Unreadable(_("This request is too large."))
    try:
        body = request.body
        data = json.loads(body.decode("utf-8") or "{}") if len(body) <= limit else None
    except (ValueError, UnicodeDecodeError, RequestDataTooBig):
        raise Unreadable(_("This request could not be read.")) from None
    if data is None:
        raise Unreadable(_("This request is too large."))
    if not isinstance(data, dict):
        raise Unreadable(_("This request could not be read."))
    return data


def _text(data, name, longest, required=True):
    """The text (or number) the desk sent as ``name``: at most ``longest`` characters, none of
    them a NUL, which no database column takes."""
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str | int) or isinstance(value, bool) or len(str(value)) > longest:
        raise Unreadable(_("This request could not be read."))
    value = str(value).strip()
    if "\x00" in value:
        raise Unreadable(_("This request could not be read."))
    if required and not value:
        raise Unreadable(_("This request could not be read."))
    return value


def _slot(event, data):
    key = _text(data, "slot", 40, required=False)
    try:
        return slot_for(event, key)
    except AttendanceError as error:
        raise Unreadable(str(error)) from None


def _registration(event, data):
    """The registration of this event the desk named by id, or a ``not_registered`` refusal."""
    try:
        pk = int(data.get("registration"))
    except (TypeError, ValueError):
        raise Unreadable(_("This request could not be read.")) from None
    registration = (
        Registration.objects.filter(pk=pk, event_id=event.pk, awaiting_acceptance=False)
        .select_related("person", "event")
        .first()
    )
    if registration is None:
        raise AttendanceError(_("No registration has this reference."), "not_registered")
    return registration


# --- answering -----------------------------------------------------------------------------------


def _organisations(registrations):
    """Reads the people's affiliations in one query, primary and latest first, as the
    directory orders them."""
    rows = Affiliation.objects.select_related("organisation").order_by(*MAIN_AFFILIATION_ORDER)
    prefetch_related_objects(registrations, Prefetch("person__affiliations", queryset=rows))


def _person(registration):
    shown = StaffDetails(registration)
    affiliations = [] if shown.hidden else list(registration.person.affiliations.all())
    return {
        "name": shown.name,
        "name_ar": shown.name_ar,
        "organisation": affiliations[0].organisation.display_name if affiliations else "",
        "role": registration.get_role_display(),
        "reference": registration.reference,
    }


def _answer(outcome, code, message, registration=None, **extra):
    body = {"outcome": outcome, "code": code, "message": str(message), **extra}
    if registration is not None:
        _organisations([registration])
        body["person"] = _person(registration)
        body["registration"] = registration.pk
    return body


def _checked_in(record, message=None, code="checked_in"):
    return _answer("green", code, message or _("Checked in."), record.registration, slot=record.slot, undo=True)


def _refused(error, client_key=""):
    """The desk's answer to a refusal: amber when the person is already in, red otherwise. A
    scan sent again (the same ``client_key``) answers as it did the first time."""
    if not isinstance(error, AttendanceError):
        return _answer("red", error.code, error.message)
    if error.code == "already_checked_in":
        if client_key and error.record.client_key == client_key:
            return _checked_in(error.record)
        return _answer("amber", error.code, error.message, error.registration)
    return _answer("red", error.code, error.message, error.registration)


def _counts(event, slot):
    checked_in, confirmed = slot_counts(event, slot.key)
    return {"checked_in": checked_in, "confirmed": confirmed, "slot": slot.key}


def desk_json(method, limit=None):
    """Turns ``handler(request, event)`` into a desk endpoint: allowed staff only (a 404 for
    anyone else), one HTTP method, a 400 with a message for what it cannot read, a 429 when
    the desk's ``limit`` (core.limits) is used up, and an answer no cache keeps."""

    def decorate(handler):
        @wraps(handler)
        def view(request, event_id):
            event = _desk_event(request, event_id)
            if request.method != method:
                response = JsonResponse({"message": _("This address does not take this request.")}, status=405)
                response["Allow"] = method
                return response
            try:
                if limit is not None:
                    limits.consume(request, limit)
                body, status = handler(request, event), 200
            except limits.TooManyAttempts as error:
                body, status = {"outcome": "red", "code": error.code, "message": str(error.message)}, error.status
            except Unreadable as error:
                body, status = {"message": str(error)}, 400
            return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})

        return personal(view)

    return decorate


def desk_action(handler):
    """A check-in, an undo or a walk-in: ``handler(request, event, data, slot)`` gives the
    answer, a refusal is answered red (or amber), and every answer carries the slot's counter
    so that the desk's moves at once."""

    @desk_json("POST", limit="desk_lookup")
    @wraps(handler)
    def action(request, event):
        data = _payload(request)
        slot = _slot(event, data)
        try:
            answer = handler(request, event, data, slot)
        except DomainError as error:
            answer = _refused(error)
        return {**answer, "counts": _counts(event, slot)}

    return action


# --- the endpoints ---------------------------------------------------------------------------------


@desk_json("GET")
def counts(request, event):
    """The slot's live counter: checked in / confirmed."""
    return _counts(event, _slot(event, request.GET))


@desk_action
def scan_code(request, event, data, slot):
    """A scanned or typed ticket code."""
    code = _text(data, "code", LONGEST_CODE)
    client_key = _text(data, "client_key", LONGEST_KEY, required=False)
    try:
        return _checked_in(scan(event, slot.key, code, by=request.user, client_key=client_key))
    except AttendanceError as error:
        return _refused(error, client_key)


@desk_action
def check_in_person(request, event, data, slot):
    """A person picked from the name search."""
    registration = _registration(event, data)
    return _checked_in(check_in(registration, slot.key, method=Method.NAME, by=request.user, event=event))


@desk_action
def undo_check_in(request, event, data, slot):
    """Takes back a check-in made by mistake; the history keeps both."""
    registration = _registration(event, data)
    undo(registration, slot.key, by=request.user, note="undone at the check-in desk")
    return _answer("undone", "undone", _("Check-in undone."), registration)


@desk_json("GET", limit="desk_search")
def search(request, event):
    """The event's registrations whose name, in either script, matches ``?q=``."""
    slot = _slot(event, request.GET)
    query = _text(request.GET, "q", LONGEST_QUERY, required=False)
    found = find_by_name(event, query)
    _organisations(found)
    present = set(
        Attendance.objects.filter(registration__in=found, slot=slot.key).values_list("registration_id", flat=True)
    )
    results = [
        {
            **_person(registration),
            "registration": registration.pk,
            "status": registration.get_status_display(),
            "checked_in": registration.pk in present,
        }
        for registration in found
    ]
    return {"results": results}


class WalkInForm(forms.Form):
    name = forms.CharField(max_length=255, required=False)
    name_ar = forms.CharField(max_length=255, required=False)
    email = forms.CharField(max_length=254, required=False)
    organisation = forms.CharField(max_length=255, required=False)
    override_capacity = forms.BooleanField(required=False)


@desk_action
def register_walk_in(request, event, data, slot):
    """Someone who did not register: registered and checked in in one step."""
    # Text for the names, the address and the organisation; true or false for the override
    # alone (a name sent as false is no name, not the word "False").
    sent = {key: value for key, value in data.items() if isinstance(value, bool if key == "override_capacity" else str)}
    form = WalkInForm(sent)
    if not form.is_valid():
        raise Unreadable(next(iter(form.errors.values()))[0])
    record = walk_in(event, slot.key, by=request.user, **form.cleaned_data)
    return _checked_in(record, _("Registered and checked in."), code="walked_in")


def _synced(event, user, item):
    """One scan made offline, applied now: the same answer as a scan made online, for the
    moment it was made (``scanned_at``), at most once for its ``client_key``. The answer
    names the scan by the key the desk sent, so the desk can take it off its queue."""
    if not isinstance(item, dict):
        return _answer("red", "unreadable", _("This request could not be read."))
    sent_key = item.get("client_key") if isinstance(item.get("client_key"), str) else ""
    client_key = ""
    try:
        client_key = _text(item, "client_key", LONGEST_KEY, required=False)
        slot = _slot(event, item)
        code = _text(item, "code", LONGEST_CODE)
        scanned_at = parse_datetime(_text(item, "scanned_at", 40, required=False))
        if scanned_at is not None and timezone.is_naive(scanned_at):
            scanned_at = timezone.make_aware(scanned_at, UTC)
        answer = _checked_in(scan(event, slot.key, code, by=user, at=scanned_at, client_key=client_key))
    except Unreadable as error:
        answer = _answer("red", "unreadable", str(error))
    except ValueError:
        answer = _answer("red", "unreadable", _("This request could not be read."))
    except AttendanceError as error:
        answer = _refused(error, client_key)
    return {**answer, "client_key": sent_key[:LONGEST_CODE]}


@desk_json("POST", limit="desk_lookup")
def sync(request, event):
    """Scans kept while the network was down, sent in one request."""
    scans = _payload(request, SYNC_BODY).get("scans")
    if not isinstance(scans, list) or len(scans) > SYNC_BATCH:
        raise Unreadable(_("This request could not be read."))
    return {"results": [_synced(event, request.user, item) for item in scans]}


ENDPOINTS = {
    "counts": counts,
    "scan": scan_code,
    "person": check_in_person,
    "undo": undo_check_in,
    "search": search,
    "walk_in": register_walk_in,
    "sync": sync,
}
