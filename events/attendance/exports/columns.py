"""What an attendee list can hold: a column per fact of a registration, one per question the
event asks and one per slot attendance is taken for. Each column has a stable key (what the
organisers' choice is remembered by, and the JSON export's field names), a header in the
language of the staff member exporting, and how its value is read off a row (rows.py).

The columns are django-import-export fields of an ``AttendeeResource`` made per export, so its
headers and values are what the library's resources give."""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.fields import Field
from import_export.resources import Resource

from core.text import pick
from events.attendance.slots import slots_for
from events.registrations.models import QuestionType, Registration, RegistrationQuestion
from events.registrations.services.conditions import unasked
from events.registrations.services.questions import readable_answers
from network.models import Person

QUESTION = "question:"
SLOT = "slot:"
# Labels remembered per column and export: past this many distinct values (free text typed
# into a choice question by an import, say) the rest are worked out cell by cell.
REMEMBERED = 1000
FREE_TEXT = (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT)
_HIDDEN = object()  # the key of a fact staff may not see yet
_ROW_BY_ROW = object()  # the key of a value whose text is not remembered


@dataclass(frozen=True)
class ExportColumn:
    key: str
    header: str
    value: Any  # row → the cell's value


def _yes(flag):
    return _("Yes") if flag else _("No")


def _looked_up(key, read):
    """``read(row)`` worked out once for each ``key(row)`` in an export: the text of a stored
    value (a choice's label, a country's name, "Yes") in the language of the export, which
    otherwise costs a translation lookup for every cell of a long list."""
    known = {}

    def value(row):
        found = key(row)
        if found is _ROW_BY_ROW:
            return read(row)
        try:
            return known[found]
        except KeyError:
            shown = read(row)
            if len(known) < REMEMBERED:
                known[found] = shown
            return shown

    return value


def _fact(key, read):
    """A fact from the directory's record (``Row.visible``) whose text depends on ``key`` alone."""
    return _looked_up(lambda row: _HIDDEN if row.shown.hidden else key(row), lambda row: row.visible(read(row)))


def _display(model, name, record):
    """The label of a choice field, read off the stored value in ``record`` (rows.Record) as
    the model's ``get_<name>_display`` gives it."""
    return getattr(model(**{name: getattr(record, name)}), f"get_{name}_display")()


def _person_fact(name, read=None):
    """The label of a choice field of the person."""
    return _fact(lambda row: getattr(row.person, name), read or (lambda row: _display(Person, name, row.person)))


def _registration_label(name):
    return _looked_up(
        lambda row: getattr(row.registration, name), lambda row: _display(Registration, name, row.registration)
    )


def _certificate(row):
    if row.certificate is None:
        return ""
    code, revoked = row.certificate
    return _("Revoked (%(code)s)") % {"code": code} if revoked else code


def standard_columns(event):
    """The columns every event's list has, in the default order."""
    zone = event.zone

    def registered(row):
        return timezone.localtime(row.registration.created_at, zone).replace(tzinfo=None)

    return [
        ExportColumn("reference", _("Reference"), lambda row: row.registration.reference),
        ExportColumn("name_ar", _("Name in Arabic script"), lambda row: row.shown.name_ar),
        ExportColumn("name", _("Name in Latin script"), lambda row: row.shown.name),
        ExportColumn("email", _("Email"), lambda row: row.shown.email),
        ExportColumn("phone", _("Phone"), lambda row: row.shown.phone),
        ExportColumn("organisation", _("Organisation"), lambda row: row.organisation),
        ExportColumn("title", _("Title"), lambda row: row.visible(pick(row.person.title_ar, row.person.title))),
        ExportColumn(
            "country",
            _("Country"),
            _person_fact("country", lambda row: Person(country=row.person.country).country.name),
        ),
        ExportColumn("governorate", _("Governorate"), _person_fact("governorate")),
        ExportColumn("gender", _("Gender"), _person_fact("gender")),
        ExportColumn("role", _("Role"), _registration_label("role")),
        ExportColumn("status", _("Status"), _registration_label("status")),
        ExportColumn("registered_at", _("Registered at"), registered),
        ExportColumn(
            "checked_in", _("Checked in"), _looked_up(lambda row: bool(row.slots), lambda row: _yes(row.slots))
        ),
        ExportColumn("slots_attended", _("Slots attended"), lambda row: len(row.slots)),
        ExportColumn("minutes_online", _("Minutes online"), lambda row: row.minutes),
        ExportColumn("certificate", _("Certificate"), _certificate),
    ]


def question_columns(event):
    questions = list(RegistrationQuestion.objects.filter(settings__event=event).order_by("sort_order", "pk"))

    def answer(question):
        def key(row):
            # A choice, a list of choices, yes or no: the same answer reads the same on every
            # row. Free text (rarely repeated) and anything unexpected are read row by row.
            given = row.registration.answers[question.clean_name]
            if question.field_type in FREE_TEXT:
                return _ROW_BY_ROW
            if isinstance(given, str):
                return given
            if isinstance(given, list) and all(isinstance(item, str) for item in given):
                return tuple(given)
            return _ROW_BY_ROW

        looked_up = _looked_up(key, lambda row: readable_answers([question], row.registration.answers)[0][1])

        def value(row):
            answers = row.registration.answers or {}
            if question.clean_name not in answers:
                return ""
            # An answer kept from before the question was made conditional, to a question not asked.
            if question.condition() is not None and question.clean_name in unasked(questions, answers):
                return ""
            return looked_up(row)

        return value

    return [ExportColumn(f"{QUESTION}{q.clean_name}", q.display_label, answer(q)) for q in questions]


def slot_columns(event, shown_event=None):
    """One column per slot: "Yes" for those present, with the minutes when a meeting report
    gave them."""

    def present(key):
        def read(row):
            minutes = row.slots[key]
            return _("Yes (%(minutes)s min)") % {"minutes": minutes} if minutes else _("Yes")

        looked_up = _looked_up(lambda row: row.slots[key], read)

        def value(row):
            if key not in row.slots:
                return ""
            return looked_up(row)

        return value

    return [
        ExportColumn(f"{SLOT}{slot.key}", slot.label, present(slot.key)) for slot in slots_for(shown_event or event)
    ]


def all_columns(event, shown_event=None):
    """Every column ``event``'s list can hold, headers in the active language."""
    return [*standard_columns(event), *question_columns(event), *slot_columns(event, shown_event)]


class AttendeeResource(Resource):
    """A django-import-export resource whose fields are the chosen columns, in their order."""

    def __init__(self, columns):
        super().__init__()
        self.columns = list(columns)
        self.fields = {
            c.key: Field(attribute=None, column_name=c.header, dehydrate_method=c.value) for c in self.columns
        }

    def get_export_order(self):
        return [column.key for column in self.columns]

    def export_resource(self, instance, selected_fields=None, **kwargs):
        # Each field's value straight from its column: the generic lookup of a field's name
        # by the field costs as much again for every cell of a long list.
        return [column.value(instance) for column in self.columns]
