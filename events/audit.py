"""The audit trail of an event's people: what staff do to them, and their data leaving the site.

Every entry is written to Wagtail's audit log against the event's default-language page, so it
shows in the page's history beside its edits, in the site-wide log and, when it is about one
person, in that person's history in the directory (network/audit.py, through the
``person_log_entries`` hook). Who acted and when are Wagtail's columns; the rest is the entry's
JSON:

* personal data leaving or entering: an attendee export, a registration import, a report
  download — in which format, with which filters and columns, how many rows (``record``);
* a staff action on one person (``record_staff``, called by the service inside its
  transaction): a registration added by hand or imported, approved, declined, cancelled,
  confirmed from the waiting list (also when a staff action freed the seat), its confirmation
  sent again, its answers changed (which questions, never the answers), its badge role set;
  attendance recorded (at the desk, from a signed sheet, an online-meeting report) or taken
  back; a certificate issued or revoked. What participants do
  to their own registrations, and what the site does by itself, is nobody's staff work and is
  not written here; the registration's own history keeps every change;
* the event's team given or taken a role (``record``);
* a message written to the event's participants: one entry for the send, with how many it
  went to (``record``); so too invitations to register (one entry per batch, or per
  invitation sent again or withdrawn);
* staff opening a registration's page, which shows the person's private details (``viewed``):
  once per ten minutes per reader, person and event, so reloading it does not fill the log.
  A list of people (the registrations, the invitations, a message's recipients) shows names
  and addresses to the staff who work with them and is not a look at any one of them: opening
  it is not written, and the registration it leads to is.

An entry about a person keeps the registration's id and reference, the person's id, and the
names staff saw then (only what they typed while the participant has not accepted a
registration made for them). Wagtail shows a page's history to anyone who may edit the page,
and the site-wide log to anyone who may explore it, which is not always someone who may read
the event's people: names, references and a team member's address are worded only for a
reader who may read its attendee list (``reports_policy``), anyone else reads the kind of
action alone. The reader is the request's user, which ``ReaderMiddleware`` remembers while the
answer is made.

``ACTIONS`` names the kinds, and ``register`` (called from events/wagtail_hooks.py) tells
Wagtail how to word them."""

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.log_actions import LogFormatter, log
from wagtail.models import PageLogEntry

from core.text import pick
from events import dates
from events.attendance.models import Method
from events.models import EventRole
from events.permissions import reports_policy
from events.registrations.models import ParticipantRole, Registration, RegistrationSource, RegistrationStatus
from events.registrations.services.people import StaffDetails
from network.audit import first_look

EXPORT = "events.export"
IMPORT = "events.import"
REPORT = "events.report"
ADD = "events.registration.add"
APPROVE = "events.registration.approve"
DECLINE = "events.registration.decline"
CANCEL = "events.registration.cancel"
PROMOTE = "events.registration.promote"
RESEND = "events.registration.resend"
ANSWERS = "events.registration.answers"
ROLE = "events.registration.role"
VIEW = "events.registration.view"
CHECK_IN = "events.attendance.record"
UNDO = "events.attendance.undo"
ISSUE = "events.certificate.issue"
REVOKE = "events.certificate.revoke"
TEAM_ADD = "events.team.add"
TEAM_REMOVE = "events.team.remove"
ERASE = "events.erase"
MESSAGE = "events.message"
EVALUATION_INVITE = "events.evaluation.invite"
INVITE = "events.registration.invite"
INVITE_REVOKE = "events.registration.invite.revoke"
REPLACE = "events.registration.replace"

ACTIONS = {
    EXPORT: _("Export attendee list"),
    IMPORT: _("Import registrations"),
    REPORT: _("Download report"),
    ADD: _("Registration added"),
    APPROVE: _("Registration approved"),
    DECLINE: _("Registration declined"),
    CANCEL: _("Registration cancelled"),
    PROMOTE: _("Confirmed from the waiting list"),
    RESEND: _("Confirmation sent again"),
    ANSWERS: _("Answers changed"),
    ROLE: _("Badge role set"),
    VIEW: _("Personal data viewed"),
    CHECK_IN: _("Attendance recorded"),
    UNDO: _("Attendance taken back"),
    ISSUE: _("Certificate issued"),
    REVOKE: _("Certificate revoked"),
    TEAM_ADD: _("Event team member added"),
    TEAM_REMOVE: _("Event team member removed"),
    ERASE: _("Erase personal data after the retention period"),
    MESSAGE: _("Message sent to participants"),
    EVALUATION_INVITE: _("Participants invited to the evaluation"),
    INVITE: _("Invitations to register sent"),
    INVITE_REVOKE: _("Invitations to register withdrawn"),
    REPLACE: _("Place given to someone else"),
}


# How an entry about people reads to someone who may read them; others read its label.
MESSAGES = {
    ADD: _("Registered %(person)s: %(status)s (%(source)s)"),
    APPROVE: _("Approved the registration of %(person)s: %(status)s"),
    DECLINE: _("Declined the registration of %(person)s"),
    CANCEL: _("Cancelled the registration of %(person)s"),
    PROMOTE: _("Confirmed %(person)s from the waiting list"),
    RESEND: _("Sent the confirmation to %(person)s again"),
    ANSWERS: _("Changed the answers of %(person)s"),
    ROLE: _("Set the badge role of %(person)s: %(role)s"),
    VIEW: _("Opened the registration page of %(person)s"),
    CHECK_IN: _("Recorded the attendance of %(person)s: %(day)s (%(method)s)"),
    UNDO: _("Took back the attendance of %(person)s: %(day)s"),
    ISSUE: _("Issued the certificate of %(person)s"),
    REVOKE: _("Revoked the certificate of %(person)s: %(reason)s"),
    REPLACE: _("Gave the place of %(person)s to someone else (registration %(replacement)s)"),
    TEAM_ADD: _("Added %(email)s to the event team: %(team_role)s"),
    TEAM_REMOVE: _("Removed %(email)s from the event team: %(team_role)s"),
}
# The entries a person's history lists: those that name one registration.
PERSON_ACTIONS = [action for action in MESSAGES if action not in (TEAM_ADD, TEAM_REMOVE)]

_reader = ContextVar("audit_reader", default=None)


@contextmanager
def read_by(user):
    """Entries worded inside this block are worded for ``user``."""
    token = _reader.set(user)
    try:
        yield
    finally:
        _reader.reset(token)


class ReaderMiddleware:
    """Remembers the request's user while its answer is made, templates included (Wagtail
    words a history's entries as it renders the page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with read_by(getattr(request, "user", None)):
            return self.get_response(request)


def may_read(page_id):
    """Whether the reader may read the people of the event with ``page_id``: its attendee
    list. The events they may are read once per request (one query), whatever the entries."""
    reader = _reader.get()
    if reader is None or not reader.is_authenticated or not reader.is_active:
        return False
    if reader.is_superuser:
        return True
    readable = getattr(reader, "_audit_readable_events", None)
    if readable is None:
        readable = set(reports_policy.events_for_user(reader).values_list("pk", flat=True))
        reader._audit_readable_events = readable
    return page_id in readable


def record(event, action, user, *, rows=None, **details):
    """Writes the audit entry of ``action`` on ``event`` (either language version: the entry
    belongs to the default-language page) by ``user``. ``rows`` is how many people's records
    left or entered; ``details`` say how (``format``, ``filters``, ``columns``, …), as JSON."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}")
    data = {key: value for key, value in details.items() if value not in (None, "", [], {})}
    if rows is not None:
        data["rows"] = rows
    page = event.canonical.specific
    return log(instance=page, action=action, user=user if user and user.is_authenticated else None, data=data)


def _about(registration):
    shown = StaffDetails(registration)
    return {
        "registration": registration.pk,
        "reference": registration.reference,
        "person": registration.person_id,
        "name": shown.name,
        "name_ar": shown.name_ar,
    }


def record_staff(action, by, registrations, **details):
    """Writes one entry of ``action`` by ``by`` per registration of ``registrations`` (with
    their person; their event is read once per event), in one insert, and returns them.

    Nothing is written when no one acted (``by`` empty: the site itself, the demo's loader),
    nor for ``by``'s own registration: what someone does to their own registration is a
    participant's doing, whatever else their account may do."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}")
    if by is None or not by.is_authenticated:
        return []
    extra = {key: value for key, value in details.items() if value not in (None, "", [], {})}
    now, pages, entries = timezone.now(), {}, []
    for registration in registrations:
        if registration.person.user_id == by.pk:
            continue
        page = pages.get(registration.event_id) or pages.setdefault(registration.event_id, registration.event)
        entries.append(
            PageLogEntry(
                content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
                label=page.get_admin_display_title(),
                action=action,
                data={**_about(registration), **extra},
                timestamp=now,
                user_id=by.pk,
                page_id=page.pk,
            )
        )
    # No ``uuid``: Wagtail's page history shows one entry per uuid and action, and a bulk
    # action's entries are each about someone else.
    return PageLogEntry.objects.bulk_create(entries)


def viewed(user, registration, screen="registration"):
    """Writes down that ``user`` opened ``screen`` showing ``registration``'s person, at most
    once in ten minutes per person and event (network.audit's rule)."""
    if user.is_authenticated and first_look(user, registration.person_id, f"{screen}:{registration.event_id}"):
        record_staff(VIEW, user, [registration], screen=screen)


def _naming(person):
    """The entries about ``person`` or one of their registrations (which a merge may have
    brought from a duplicate)."""
    registrations = list(Registration.objects.filter(person=person).values_list("pk", flat=True))
    about = Q(data__person=person.pk)
    if registrations:
        about |= Q(data__registration__in=registrations)
    return PageLogEntry.objects.filter(action__in=PERSON_ACTIONS).filter(about)


def entries_about(user, person):
    """The ``person_log_entries`` hook's work: the entries about ``person`` on the events whose
    people ``user`` may read."""
    return reports_policy.filter_records(user, _naming(person), event_field="page")


def forget(person, emails=()):
    """Takes the names of ``person`` (if any), whose account is deleted, out of the entries
    about them, and ``emails`` (the account's) out of the event teams' entries. What was done,
    to which registration (its reference), when and by whom stays."""
    entries = list(_naming(person)) if person is not None else []
    if emails:
        entries += PageLogEntry.objects.filter(action__in=[TEAM_ADD, TEAM_REMOVE], data__email__in=list(emails))
    for entry in entries:
        entry.data = {key: value for key, value in entry.data.items() if key not in ("name", "name_ar", "email")}
    PageLogEntry.objects.bulk_update(entries, ["data"])


def _choice(choices, value):
    return str(dict(choices.choices).get(value, value or ""))


def _values(data):
    names = pick(data.get("name_ar"), data.get("name"))
    reference = data.get("reference", "")
    day = data.get("day")
    return {
        "person": f"{names} ({reference})" if names and reference else names or reference,
        "status": _choice(RegistrationStatus, data.get("status")),
        "source": _choice(RegistrationSource, data.get("source")),
        "role": _choice(ParticipantRole, data.get("role")),
        "method": _choice(Method, data.get("method")),
        "day": dates.day(dt.date.fromisoformat(day)) if day else data.get("slot", ""),
        "reason": data.get("reason", ""),
        "replacement": data.get("replacement", ""),
        "email": data.get("email", ""),
        "team_role": _choice(EventRole, data.get("team_role")),
    }


class _PeopleFormatter(LogFormatter):
    """ "Cancelled the registration of Huda Kareem (7K3M9QX2R4TB)" for a reader who may read
    the event's people; "Registration cancelled" for anyone else."""

    template = ""

    def format_message(self, log_entry):
        if not may_read(log_entry.page_id):
            return str(self.label)
        values = _values(log_entry.data or {})
        if not (values["person"] or values["email"]):  # a deleted account's, forgotten
            return str(self.label)
        return str(self.template) % values


class _Formatter(LogFormatter):
    """ "Exported 120 rows (XLSX)": the label, with the rows and format the entry holds."""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        rows = data.get("rows")
        text = str(self.label)
        if rows is not None:
            text = f"{text}: {self.counted(rows)}"
        if data.get("format"):
            text = f"{text} ({str(data['format']).upper()})"
        return text

    def counted(self, rows):
        return ngettext("%(count)s row", "%(count)s rows", rows) % {"count": rows}


class _MessageFormatter(_Formatter):
    """ "Message sent to participants: 12 recipients" (and so the evaluation's invitations)."""

    def counted(self, rows):
        return ngettext("%(count)s recipient", "%(count)s recipients", rows) % {"count": rows}


def register(actions):
    """The ``register_log_actions`` hook's work."""
    for action, label in ACTIONS.items():
        if action in MESSAGES:
            formatter = type("Formatter", (_PeopleFormatter,), {"label": label, "template": MESSAGES[action]})
        else:
            base = _MessageFormatter if action in (MESSAGE, EVALUATION_INVITE, INVITE, INVITE_REVOKE) else _Formatter
            formatter = type("Formatter", (base,), {"label": label})
        actions.register_action(action)(formatter)
