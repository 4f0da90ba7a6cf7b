"""Online-meeting reports into attendance: an organiser uploads the report Zoom, Microsoft Teams
or Google Meet exported, sees whom each row was matched to, links the rest by hand, and on
confirmation everyone present is recorded at once through the attendance service.

Reading the file is meeting_reports.py's work. Here each attendee of the report is matched to
one of the event's confirmed, accepted registrations: by email (the person's own or their
account's), else by name in either script, folded as the directory folds names (أحمد = احمد,
case and accents ignored), trying every name a display name holds ("هاني ضوة (Hani Dawa)").
An attendee who fits several registrations is ambiguous and waits for staff; two attendees who
fit one registration (the same person under two spellings, or on two devices) become one row,
their minutes the union of their times so that an overlap counts once.

Until it is confirmed the upload keeps its rows (``MeetingReportUpload.rows``) as JSON; minutes
are compared with the event's minimum when the preview is shown and again when it is applied,
so a plan changed in between is the one that counts.

A file whose columns the reader cannot recognise (column titles in Arabic or French, renamed in
Excel) but which has a header row is kept as it is, on an upload of its own, until its
organiser says which column holds what (``keep_for_columns``); it is then read with those
columns and matched like any other (``read_columns``), and the upload goes on to its preview.
"""

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.attendance.errors import AttendanceError
from events.attendance.meeting_reports import covered_seconds, find_header, name_forms, parse_report
from events.attendance.models import MeetingReportUpload, Method
from events.attendance.slots import plan_for, slot_for, slots_for, slots_on
from events.dates import day as day_label
from events.registrations.models import Registration, RegistrationStatus
from network.text import normalise

from .records import record_many

MATCHED, AMBIGUOUS, UNMATCHED = "matched", "ambiguous", "unmatched"
# What the preview shows of a matched row.
PRESENT, TOO_SHORT = "present", "short"
# How a row found its registration.
BY_EMAIL, BY_NAME, BY_HAND = "email", "name", "hand"
# A stated duration may differ from its times by the rounding to whole minutes.
ROUNDING_SECONDS = 30
# An upload never confirmed is forgotten after this long, with the names and addresses it read
# (and the file itself when it waited for its columns); a confirmed one stays, as the record of
# what was imported, until the event's personal data is erased (``erase_uploads``).
ABANDONED_AFTER = timedelta(days=7)


class MeetingImportError(AttendanceError):
    """A report that cannot be imported for this event, or a confirmation that cannot be
    applied; ``slots`` are the event's slots to choose from when the report's date has several."""

    def __init__(self, message, code, slots=()):
        super().__init__(message, code)
        self.slots = list(slots)


# Who can be matched


@dataclass(frozen=True)
class Candidate:
    """A registration as matching sees it: its emails and its names, folded."""

    registration_id: int
    emails: frozenset
    names: frozenset


def matchable(event):
    """The registrations a report's rows may be matched or linked to: the event's confirmed
    ones that their person has accepted (an organiser's invitation still awaiting acceptance
    shows nothing of the directory)."""
    return Registration.objects.filter(
        event_id=event.canonical.pk, status=RegistrationStatus.CONFIRMED, awaiting_acceptance=False
    )


def candidates_of(registrations):
    """``registrations`` (with ``person`` and ``person__user`` selected) as ``Candidate``s."""
    candidates = []
    for registration in registrations:
        person = registration.person
        emails = {person.email, person.user.email if person.user_id else ""}
        names = {normalise(person.name), normalise(person.name_ar)}
        candidates.append(
            Candidate(
                registration.pk,
                frozenset(email.casefold() for email in emails if email),
                frozenset(name for name in names if name),
            )
        )
    return candidates


@dataclass
class Index:
    by_email: dict = field(default_factory=dict)
    by_name: dict = field(default_factory=dict)

    @classmethod
    def of(cls, candidates):
        index = cls()
        for candidate in candidates:
            for email in candidate.emails:
                index.by_email.setdefault(email, set()).add(candidate.registration_id)
            for name in candidate.names:
                index.by_name.setdefault(name, set()).add(candidate.registration_id)
        return index

    def find(self, attendee):
        """``(how, registration ids)`` for a report's attendee: by email first, else by any
        of the names its display name holds; ``("", set())`` when nobody fits."""
        found = self.by_email.get(attendee.email.casefold()) if attendee.email else None
        if found:
            return BY_EMAIL, set(found)
        found = set()
        for form in name_forms(attendee.name) or [attendee.name]:
            found |= self.by_name.get(normalise(form), set())
        return (BY_NAME, found) if found else ("", set())


# Rows


def row_of(number, attendee, how, found):
    """The stored row of one attendee of the report."""
    intervals = [[start.isoformat(), end.isoformat()] for start, end in attendee.intervals]
    covered = covered_seconds(attendee.intervals)
    outside = attendee.minutes * 60 - covered  # minutes the report states without times
    status = MATCHED if len(found) == 1 else (AMBIGUOUS if found else UNMATCHED)
    return {
        "key": str(number),
        "names": [attendee.name] if attendee.name else [],
        "emails": [attendee.email] if attendee.email else [],
        "minutes": attendee.minutes,
        "intervals": intervals,
        "outside": round(outside) if outside > ROUNDING_SECONDS else 0,
        "rows": attendee.rows,
        "status": status,
        "how": how if status == MATCHED else "",
        "registration": next(iter(found)) if status == MATCHED else None,
        "candidates": sorted(found) if status == AMBIGUOUS else [],
        "merged": False,
    }


def _moments(row):
    return [(datetime.fromisoformat(start), datetime.fromisoformat(end)) for start, end in row["intervals"]]


def merged_minutes(rows):
    """The minutes of one person seen on several rows: the union of their times plus what
    the rows state without times, never more than the rows' minutes added up (a Teams list
    without its activities gives only each row's first join and last leave)."""
    intervals = [interval for row in rows for interval in _moments(row)]
    seconds = covered_seconds(intervals) + sum(row["outside"] for row in rows)
    return min(sum(row["minutes"] for row in rows), int(seconds + 30) // 60)


def merge(rows):
    """``rows`` with those matched (or linked) to the same registration made one, in the
    order they first appear; the merged row is flagged and lists every name it was seen
    under."""
    result, by_registration = [], {}
    for row in rows:
        registration = row["registration"]
        if registration is None:
            result.append(row)
            continue
        if registration not in by_registration:
            by_registration[registration] = len(result)
            result.append({**row, "parts": [row]})
            continue
        kept = result[by_registration[registration]]
        parts = [*kept["parts"], row]
        result[by_registration[registration]] = _joined(kept, parts)
    return [{key: value for key, value in row.items() if key != "parts"} for row in result]


def _unique(values):
    return list(dict.fromkeys(values))


def _joined(first, parts):
    return {
        **first,
        "names": _unique(name for part in parts for name in part["names"]),
        "emails": _unique(email for part in parts for email in part["emails"]),
        "minutes": merged_minutes(parts),
        "intervals": [interval for part in parts for interval in part["intervals"]],
        "outside": sum(part["outside"] for part in parts),
        "rows": sum(part["rows"] for part in parts),
        "how": BY_EMAIL if any(part["how"] == BY_EMAIL for part in parts) else first["how"],
        "merged": True,
        "parts": parts,
    }


def match_rows(attendees, candidates):
    """The stored rows of a report's ``attendees`` matched against ``candidates``."""
    index = Index.of(candidates)
    rows = [row_of(number, attendee, *index.find(attendee)) for number, attendee in enumerate(attendees, start=1)]
    return merge(rows)


# The slot


def meeting_day(report, zone):
    """The day of the meeting in the event's time zone (a report's times without a zone are
    taken as the event's local times)."""
    if report.started_at is not None and report.started_at.tzinfo is not None:
        return timezone.localtime(report.started_at, zone).date()
    return report.meeting_date


def report_slot(event, report, chosen="", plan=None):
    """The slot the report is for: ``chosen`` when staff chose one (it must be on the
    meeting's day), else the one slot on that day. Refuses a day that is not a slot of the
    event, and asks when several sessions share the day."""
    plan = plan or plan_for(event)
    day = meeting_day(report, event.zone)
    if chosen:
        slot = slot_for(event, chosen, plan)
        if day is not None and slot.local_date != day:
            message = _("The report is of a meeting on %(day)s, but %(slot)s is on another day.")
            raise MeetingImportError(message % {"day": day_label(day), "slot": slot.label}, "another_day")
        return slot
    if day is None:
        message = _("The report does not say on which day the meeting took place: choose the day or session.")
        raise MeetingImportError(message, "no_date", slots_for(event, plan))
    found = slots_on(event, day, plan)
    if not found:
        message = _("The meeting in this report took place on %(day)s, which is not a day or session of this event.")
        raise MeetingImportError(message % {"day": day_label(day)}, "not_a_slot")
    if len(found) > 1:
        message = _("Several sessions took place on %(day)s: choose the one this report is for.")
        raise MeetingImportError(message % {"day": day_label(day)}, "several_slots", found)
    return found[0]


# Uploading and applying


def new_key():
    """An upload's address: 24 random bytes, unguessable."""
    return secrets.token_urlsafe(24)


def forget_abandoned(now=None):
    """Deletes the uploads, of any event, left unconfirmed for ``ABANDONED_AFTER``; each new
    upload calls it. Returns how many went."""
    cutoff = (now or timezone.now()) - ABANDONED_AFTER
    return MeetingReportUpload.objects.filter(applied_at__isnull=True, uploaded_at__lt=cutoff).delete()[0]


def erase_uploads(event_id):
    """The ``registrations_erase_personal_data`` hook: an event's uploads go when its
    personal data is erased (what the meeting tool wrote of everyone in the meeting, registered
    or not); the attendance they recorded stays. Returns how many went."""
    return MeetingReportUpload.objects.filter(event_id=event_id).delete()[0]


def read_upload(event, data, *, filename="", tool=None, slot_key="", by=None):
    """Reads a report for ``event`` (any language version) and keeps it, matched, as an
    unapplied ``MeetingReportUpload``. Raises the reader's ``ReportError`` or a
    ``MeetingImportError`` (``another_day``, ``no_date``, ``not_a_slot``, ``several_slots``;
    ``no_slot`` for a slot that is not the event's). Writes nothing else, but forgets the uploads
    left unconfirmed for a week (``forget_abandoned``)."""
    canonical = event.canonical
    report = parse_report(data, filename, tool or None)
    slot, rows = _matched(canonical, report, slot_key)
    forget_abandoned()
    return MeetingReportUpload.objects.create(
        event=canonical,
        key=new_key(),
        uploaded_by=by,
        filename=filename[:255],
        tool=report.tool,
        slot=slot.key,
        rows=rows,
    )


def _matched(event, report, slot_key):
    """The slot ``report`` is for and its rows matched to ``event``'s registrations."""
    slot = report_slot(event, report, slot_key)
    registrations = matchable(event).select_related("person", "person__user")
    return slot, match_rows(report.attendees, candidates_of(registrations))


def keep_for_columns(event, data, *, filename="", tool=None, slot_key="", by=None):
    """For a file the reader refused as ``unknown_tool``: an upload that keeps the file until
    its organiser chooses its columns, with the tool and the day or session chosen so far
    (offered again then); None when the file has no header row to choose from. Raises the
    reader's ``ReportError`` for a file it cannot read at all."""
    if find_header(data) is None:
        return None
    forget_abandoned()
    return MeetingReportUpload.objects.create(
        event=event.canonical,
        key=new_key(),
        uploaded_by=by,
        filename=filename[:255],
        tool=tool or "",
        slot=slot_key,
        content=data,
    )


def read_columns(upload, columns, *, tool, slot_key=""):
    """Reads the file ``upload`` keeps with the ``columns`` its organiser chose (see
    ``parse_report``) as a ``tool`` report ("other" allowed), and matches it as
    ``read_upload`` does: the upload then holds its rows, no longer the file, and goes on to
    its preview. Raises the reader's ``ReportError`` (``ColumnsError`` for columns that
    cannot be used), ``read_upload``'s ``MeetingImportError``s, or ``columns_chosen`` when
    the upload no longer waits for its columns; writes nothing then."""
    with transaction.atomic():
        kept = MeetingReportUpload.objects.select_for_update().filter(pk=upload.pk, content__isnull=False).first()
        if kept is None or kept.applied_at is not None:
            raise MeetingImportError(_("The columns of this report have already been chosen."), "columns_chosen")
        report = parse_report(bytes(kept.content), kept.filename, tool or None, columns)
        slot, rows = _matched(kept.event, report, slot_key)
        kept.tool, kept.slot, kept.rows, kept.content = report.tool, slot.key, rows, None
        kept.save(update_fields=["tool", "slot", "rows", "content"])
    return kept


def settled(rows, allowed, links=None):
    """``rows`` as they stand now: a matched row whose registration is no longer one of
    ``allowed`` (the event's confirmed registrations; cancelled since) is unmatched again, and
    staff's ``links`` (row key → registration id) match the unmatched and ambiguous rows; then
    rows of one registration are merged. A link to anyone outside ``allowed`` refuses the whole
    confirmation (``not_registered``)."""
    links = links or {}
    result = []
    for row in rows:
        chosen = links.get(row["key"])
        if row["status"] == MATCHED and row["registration"] not in allowed:
            row = {**row, "status": UNMATCHED, "how": "", "registration": None}
        elif row["status"] != MATCHED and chosen is not None:
            if chosen not in allowed:
                raise MeetingImportError(
                    _("A row is linked to someone who is not a confirmed participant of this event."),
                    "not_registered",
                )
            row = {**row, "status": MATCHED, "how": BY_HAND, "registration": chosen, "candidates": []}
        result.append(row)
    return merge(result)


def counts_of(rows, minimum):
    """How many rows are present, too short, ambiguous and unmatched."""
    counts = dict.fromkeys((PRESENT, TOO_SHORT, AMBIGUOUS, UNMATCHED), 0)
    for row in rows:
        counts[shown_status(row, minimum)] += 1
    return counts


def shown_status(row, minimum):
    """What the preview says of a row: present, too short, ambiguous or unmatched."""
    if row["status"] != MATCHED:
        return row["status"]
    return PRESENT if row["minutes"] >= minimum else TOO_SHORT


def _seen_at(rows, zone):
    """When the people recorded were present: the earliest join among them, in the event's
    zone when the report gives no zone."""
    starts = [start for row in rows for start, _end in _moments(row)]
    if not starts:
        return None
    first = min(starts, key=lambda moment: moment.replace(tzinfo=None))
    return first if first.tzinfo else timezone.make_aware(first, zone)


def apply_upload(upload, by=None, links=None):
    """Records everyone the confirmed upload shows present (matched or linked by hand, with
    at least the plan's minimum minutes), all at once through ``record_many``, and marks the
    upload applied. Confirming it again records nothing (``already_applied``); a link to a
    registration that is not one of the event's confirmed ones (``not_registered``) or nobody
    to record (``nothing_to_record``) refuses it and writes nothing, as does an upload still
    waiting for its columns (``needs_columns``). Returns ``record_many``'s counts."""
    with transaction.atomic():
        claimed = MeetingReportUpload.objects.filter(pk=upload.pk, applied_at__isnull=True)
        if claimed.filter(content__isnull=False).exists():
            raise MeetingImportError(_("Choose the columns of this report first."), "needs_columns")
        if not claimed.update(applied_at=timezone.now()):
            raise MeetingImportError(_("This report has already been recorded."), "already_applied")
        upload.refresh_from_db()
        event = upload.event
        rows = settled(upload.rows, set(matchable(event).values_list("pk", flat=True)), links)
        minimum = plan_for(event).minimum_minutes
        present = [row for row in rows if shown_status(row, minimum) == PRESENT]
        if not present:
            raise MeetingImportError(
                _("Nobody in this report is matched and long enough to count as present: nothing to record."),
                "nothing_to_record",
            )
        counts = record_many(
            event,
            upload.slot,
            {row["registration"]: row["minutes"] for row in present},
            method=Method.ONLINE,
            by=by,
            at=_seen_at(present, event.zone),
        )
        upload.rows = rows
        upload.save(update_fields=["rows"])
    return counts


# The preview


@dataclass
class PreviewRow:
    row: dict
    status: str  # PRESENT, TOO_SHORT, AMBIGUOUS or UNMATCHED
    registration: object = None
    candidates: list = field(default_factory=list)

    @property
    def key(self):
        return self.row["key"]


@dataclass
class Preview:
    rows: list  # PreviewRow, in the report's order
    counts: dict
    minimum: int
    registrations: list  # those rows may be linked to

    def having(self, status):
        return [row for row in self.rows if row.status == status]


def preview(upload):
    """What the organiser sees of an upload: each row with its registration or candidates,
    measured against the plan's minimum as it is now. Two queries, however many rows."""
    event = upload.event
    minimum = plan_for(event).minimum_minutes
    registrations = {r.pk: r for r in matchable(event).select_related("person", "person__user")}
    rows = upload.rows if upload.applied_at else settled(upload.rows, set(registrations))
    shown = [
        PreviewRow(
            row,
            shown_status(row, minimum),
            registrations.get(row["registration"]),
            [registrations[pk] for pk in row["candidates"] if pk in registrations],
        )
        for row in rows
    ]
    return Preview(shown, counts_of(rows, minimum), minimum, list(registrations.values()))
