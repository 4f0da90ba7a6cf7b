"""Importing registrations for one event from an uploaded list.

1. ``read``: the file (CSV in UTF-8, with or without the byte-order mark, or Windows-1256;
   or XLSX) becomes a header row and rows of text — the directory import's reader.
2. ``mapping_for``: each header is given a target, as the event's organisers mapped it last
   time or as its words say; staff change it before previewing, and ``check_mapping``
   refuses a mapping without a name column or without a required question.
3. ``preview``: every row's outcome without writing anything — a new person, a person the
   directory already has (by email), already registered, repeated in the file (a form sent
   twice: the later row is kept), or an error with its reasons — and the status it would get
   (confirmed, waiting list, pending approval, or no seat left).
4. ``apply``: the rows to import, in the order their people registered, each through
   ``register`` (capacity, waiting list and approval apply, unless staff override the
   capacity, which each registration's history records), all in one transaction: a row
   refused at that moment undoes the whole import. Emails are sent only when asked for.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.text import join, pick
from events.registrations.models import (
    ACTIVE_STATUSES,
    ImportMapping,
    Registration,
    RegistrationQuestion,
    RegistrationSettings,
)
from events.registrations.models import RegistrationSource as Source
from events.registrations.services.availability import Counts, has_free_seat
from events.registrations.services.conditions import asked_answers
from events.registrations.services.errors import RegistrationError
from events.registrations.services.lifecycle import lock_settings, register
from network.geography import place_error
from network.imports import reading
from network.models import Person
from network.people import existing_person_for_email, save_profile
from network.spreadsheets import imported_text
from network.text import normalise

from .targets import IGNORE, QUESTION, REGISTERED_AT, guess, targets_for

NEW, MATCHED, REGISTERED, REPEATED, ERROR = "new", "matched", "registered", "repeated", "error"
IMPORTED = (NEW, MATCHED)
PROFILE_FIELDS = ("name", "name_ar", "email", "phone", "gender", "country", "governorate", "title", "title_ar")


@dataclass
class Row:
    number: int  # the spreadsheet's row number
    values: dict = field(default_factory=dict)
    reasons: list = field(default_factory=list)
    outcome: str = ""
    person: object = None
    status: str = ""  # the status it would get
    replaced_by: int = 0

    @property
    def label(self):
        return pick(self.values.get("name_ar", ""), self.values.get("name", "")) or self.values.get("email", "")


@dataclass
class Preview:
    rows: list
    counts: Counter
    statuses: Counter

    @property
    def importable(self):
        return [row for row in self.rows if row.outcome in IMPORTED]


def read(name, content):
    return reading.read_upload(name, content)


def mapping_for(event, headers):
    """``{header: target key}``: the event's remembered mapping for the headers it knows,
    the headers' own words for the rest."""
    targets = targets_for(event)
    keys = {target.key for target in targets}
    mapping = guess(headers, targets)
    remembered = ImportMapping.objects.filter(event_id=event.canonical.pk).values_list("mapping", flat=True).first()
    for header, key in (remembered or {}).items():
        if header in mapping and (key in keys or key == IGNORE):
            mapping[header] = key
    return mapping


def check_mapping(event, headers, mapping):
    """The mapping as ``{column index: target}``; a ``RegistrationError`` when a target is
    unknown or chosen twice, when no column gives a name, or a required question has none."""
    targets = {target.key: target for target in targets_for(event)}
    by_index, chosen = {}, Counter()
    for index, header in enumerate(headers):
        key = mapping.get(header, IGNORE)
        if key == IGNORE:
            continue
        if key not in targets:
            raise RegistrationError(_("The columns' mapping was not understood. Choose it again."), "bad_mapping")
        chosen[key] += 1
        by_index[index] = targets[key]
    twice = [targets[key].label for key, count in chosen.items() if count > 1]
    if twice:
        message = _("Each field can be filled by one column only: %(fields)s.") % {"fields": join(twice, quote=True)}
        raise RegistrationError(message, "mapped_twice")
    missing = []
    if not chosen.keys() & {"name", "name_ar"}:
        missing.append(_("a name (in either script)"))
    missing += [target.label for key, target in targets.items() if target.required and key not in chosen]
    if missing:
        message = _("Choose the columns for: %(fields)s.") % {"fields": join(missing, quote=True)}
        raise RegistrationError(message, "unmapped_required")
    return by_index


def _parse(sheet, columns):
    rows = []
    for number, cells in sheet.rows:
        if not any(cells):
            continue
        row = Row(number)
        for index, target in columns.items():
            cell = cells[index].strip() if index < len(cells) else ""
            if not cell:
                continue
            try:
                row.values[target.key] = target.parse(imported_text(cell))
            except ValidationError as error:
                row.reasons.append(f"{target.label}: {' '.join(error.messages)}")
        place = place_error(row.values.get("country"), row.values.get("governorate"))
        if place:
            row.reasons.append(str(place))
        if not (row.values.get("name") or row.values.get("name_ar")) and not row.reasons:
            row.reasons.append(_("No name is given."))
        rows.append(row)
    return rows


def _identity(row):
    email = (row.values.get("email") or "").lower()
    return (
        ("email", email)
        if email
        else ("name", normalise(row.values.get("name", "") + " " + row.values.get("name_ar", "")))
    )


def preview(event, sheet, mapping, override_capacity=False):
    """Every row's outcome and the status it would get, writing nothing."""
    canonical = event.canonical
    rows = _parse(sheet, check_mapping(canonical, sheet.headers, mapping))
    latest = {}
    for row in rows:
        if row.reasons:
            row.outcome = ERROR
            continue
        key = _identity(row)
        if key in latest:
            earlier = latest[key]
            earlier.outcome, earlier.replaced_by = REPEATED, row.number
        latest[key] = row
        row.outcome = NEW
    candidates = [row for row in rows if row.outcome == NEW]
    emails = {row.values["email"].lower() for row in candidates if row.values.get("email")}
    people = {email: existing_person_for_email(email) for email in emails}
    active = set(
        Registration.objects.filter(
            event_id=canonical.pk, status__in=ACTIVE_STATUSES, person__in=[p for p in people.values() if p]
        ).values_list("person_id", flat=True)
    )
    for row in candidates:
        person = people.get((row.values.get("email") or "").lower())
        if person is not None:
            row.person = person
            row.outcome = REGISTERED if person.pk in active else MATCHED
    _predict(canonical, sorted([r for r in rows if r.outcome in IMPORTED], key=_order), override_capacity)
    return Preview(rows, Counter(row.outcome for row in rows), Counter(row.status for row in rows if row.status))


def _order(row):
    stamp = row.values.get(REGISTERED_AT)
    return (stamp is None, stamp.timestamp() if stamp else 0, row.number)


def _predict(event, rows, override_capacity):
    settings = RegistrationSettings.objects.filter(event=event).first()
    if settings is None:
        raise RegistrationError(_("Set up registration for this event before importing."), "not_offered")
    counts = Counts.for_event(event.pk)
    for row in rows:
        if settings.approval_required:
            row.status = "pending"
            counts.pending += 1
        elif override_capacity or has_free_seat(settings, counts):
            row.status = "confirmed"
            counts.confirmed += 1
        elif settings.waitlist_enabled:
            row.status = "waitlisted"
            counts.waitlisted += 1
        else:
            row.status = "full"


def apply(event, sheet, mapping, *, by=None, send_emails=False, override_capacity=False, language="ar"):
    """Imports the rows ``preview`` finds importable, in one transaction; returns the new
    registrations. Refuses (and writes nothing) when a row would find no seat and staff did
    not override the capacity, or when a row is refused as it is written."""
    canonical = event.canonical
    result = preview(canonical, sheet, mapping, override_capacity)
    full = [row.number for row in result.importable if row.status == "full"]
    if full:
        message = _(
            "No seat is left for these rows: %(rows)s. The event is full and has no waiting list: import them "
            "beyond capacity, or leave them out."
        ) % {"rows": join(map(str, full))}
        raise RegistrationError(message, "full")
    created = []
    questions = list(RegistrationQuestion.objects.filter(settings__event=canonical))
    with transaction.atomic():
        lock_settings(event=canonical)
        for row in sorted(result.importable, key=_order):
            person = _person_for(row)
            # An answer to a question not asked on the row's other answers is left out, as
            # the registration form leaves it out.
            answers = asked_answers(
                questions,
                {key.removeprefix(QUESTION): value for key, value in row.values.items() if key.startswith(QUESTION)},
            )
            try:
                created.append(
                    register(
                        canonical,
                        person,
                        answers=answers,
                        language=language,
                        source=Source.IMPORT,
                        by=by,
                        ignore_window=True,
                        override_capacity=override_capacity,
                        registered_at=row.values.get(REGISTERED_AT),
                        send_email=send_emails,
                    )
                )
            except DomainError as error:
                message = _("Row %(row)s: %(reason)s Nothing was imported.") % {"row": row.number, "reason": error}
                raise RegistrationError(message, error.code) from error
    return created


def _person_for(row):
    """The directory's entry for the row: the one its email finds (its blank fields filled
    from the file, nothing overwritten), or a new private one."""
    values = row.values
    fields = {key: values[key] for key in PROFILE_FIELDS if values.get(key)}
    organisation = values.get("organisation", "")
    person = row.person
    if person is None:
        person = Person(public_profile=False)
        return save_profile(person, fields, organisation)
    blanks = {key: value for key, value in fields.items() if key != "email" and not getattr(person, key)}
    has_organisation = person.affiliations.exists()
    if blanks or (organisation and not has_organisation):
        save_profile(person, blanks, "" if has_organisation else organisation)
    return person


def remember(event, mapping, by=None):
    ImportMapping.objects.update_or_create(
        event_id=event.canonical.pk,
        defaults={"mapping": mapping, "updated_by": by if by is not None and by.is_authenticated else None},
    )
