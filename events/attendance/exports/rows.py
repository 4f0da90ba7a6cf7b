"""The rows of an attendee list, read a few thousand registrations at a time: each chunk in a
fixed number of queries (the registrations with their people, the people's organisations,
their attendance and their certificates), so a list of 100,000 takes fifty rounds of five
queries and never holds more than a chunk of records.

A registration and its person are read as plain values (``Record``), not loaded as models: the
fields the columns (columns.py) and ``StaffDetails`` read, listed below, at a fraction of the
cost. A column that reads another field adds it to these lists."""

from collections import defaultdict

from core.text import pick
from events.attendance.models import Attendance, Certificate
from events.attendance.services.certificates import grouped
from events.registrations.models import Registration
from events.registrations.services.people import StaffDetails
from network.models import Affiliation
from network.people import MAIN_AFFILIATION_ORDER

CHUNK = 2000
REGISTRATION_FIELDS = (
    "pk",
    "person_id",
    "reference",
    "role",
    "status",
    "created_at",
    "answers",
    "awaiting_acceptance",
    "entered_name",
    "entered_name_ar",
    "entered_email",
)
PERSON_FIELDS = (
    "name",
    "name_ar",
    "email",
    "phone",
    "user_id",
    "title",
    "title_ar",
    "country",
    "governorate",
    "gender",
)


class Record:
    """A record's stored values by field name, as its model has them (a country as its code);
    a person's ``user`` holds the account's ``email``."""

    def __init__(self, **values):
        self.__dict__.update(values)


class Row:
    """One registration as a list shows it: what staff may see of the person (only what they
    entered while the registration awaits the participant's acceptance), the slots attended
    with their minutes, and the certificate. ``registration`` and ``person`` are ``Record``s."""

    __slots__ = ("registration", "person", "shown", "organisation", "slots", "minutes", "certificate")

    def __init__(self, registration, slots, certificate, organisation=None):
        self.registration = registration
        self.person = registration.person
        self.shown = StaffDetails(registration)
        # The main organisation's name in the active language, as printing.organisation_names
        # gives it: ``organisation`` is its ``(name_ar, name)``, None for a person without one.
        self.organisation = "" if self.shown.hidden or organisation is None else pick(*organisation)
        self.slots = slots
        self.minutes = sum(minutes or 0 for minutes in slots.values())
        self.certificate = certificate

    def visible(self, value):
        """A fact from the directory's record, which staff see once the participant accepted."""
        return "" if self.shown.hidden else value


def _organisations(person_ids):
    """Each person's main organisation, the affiliation printing.organisation_of chooses (the
    primary one, else the latest), as ``{person id: (name_ar, name)}``: read as plain values,
    which costs a fraction of loading every affiliation and organisation as a model."""
    names = {}
    for person_id, name_ar, name in (
        Affiliation.objects.filter(person_id__in=person_ids)
        .order_by(*MAIN_AFFILIATION_ORDER)
        .values_list("person_id", "organisation__name_ar", "organisation__name")
    ):
        names.setdefault(person_id, (name_ar, name))
    return names


def _registrations(ids):
    """``{id: registration}`` of ``ids``, each with its ``person``, in one query."""
    names = [*REGISTRATION_FIELDS, *(f"person__{name}" for name in PERSON_FIELDS), "person__user__email"]
    split = len(REGISTRATION_FIELDS)
    registrations = {}
    for values in Registration.objects.filter(pk__in=ids).order_by().values_list(*names):
        registration = Record(**dict(zip(REGISTRATION_FIELDS, values[:split], strict=True)))
        person = Record(**dict(zip(PERSON_FIELDS, values[split:-1], strict=True)))
        person.user = None if person.user_id is None else Record(email=values[-1])
        registration.person = person
        registrations[registration.pk] = registration
    return registrations


def _chunk_rows(ids):
    registrations = _registrations(ids)
    organisations = _organisations({registration.person_id for registration in registrations.values()})
    slots = defaultdict(dict)
    for registration_id, slot, minutes in Attendance.objects.filter(registration_id__in=ids).values_list(
        "registration_id", "slot", "minutes"
    ):
        slots[registration_id][slot] = minutes
    certificates = {
        registration_id: (grouped(code), revoked_at is not None)
        for registration_id, code, revoked_at in Certificate.objects.filter(registration_id__in=ids).values_list(
            "registration_id", "code", "revoked_at"
        )
    }
    for pk in ids:
        if pk in registrations:
            registration = registrations[pk]
            yield Row(registration, slots.get(pk, {}), certificates.get(pk), organisations.get(registration.person_id))


def rows_of(queryset, chunk=CHUNK):
    """The ``Row`` of each registration in ``queryset``, in its order."""
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        yield from _chunk_rows(ids[start : start + chunk])
