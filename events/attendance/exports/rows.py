"""The rows of an attendee list, read a few thousand registrations at a time: each chunk in a
fixed number of queries (the registrations with their people, the people's organisations,
their attendance and their certificates), so a list of 100,000 takes fifty rounds of five
queries and never holds more than a chunk of records."""

from collections import defaultdict

from django.db.models import Prefetch

from events.attendance.models import Attendance, Certificate
from events.attendance.services.certificates import grouped
from events.attendance.services.printing import organisation_names
from events.registrations.models import Registration
from events.registrations.services.people import StaffDetails
from network.models import Affiliation

CHUNK = 2000


class Row:
    """One registration as a list shows it: what staff may see of the person (only what they
    entered while the registration awaits the participant's acceptance), the slots attended
    with their minutes, and the certificate."""

    __slots__ = ("registration", "person", "shown", "organisation", "slots", "minutes", "certificate")

    def __init__(self, registration, slots, certificate):
        self.registration = registration
        self.person = registration.person
        self.shown = StaffDetails(registration)
        self.organisation = "" if self.shown.hidden else organisation_names(self.person, None)[0]
        self.slots = slots
        self.minutes = sum(minutes or 0 for minutes in slots.values())
        self.certificate = certificate

    def visible(self, value):
        """A fact from the directory's record, which staff see once the participant accepted."""
        return "" if self.shown.hidden else value


def _chunk_rows(ids):
    affiliations = Affiliation.objects.select_related("organisation").order_by("-is_primary", "-pk")
    registrations = (
        Registration.objects.filter(pk__in=ids)
        .select_related("person", "person__user")
        .prefetch_related(Prefetch("person__affiliations", queryset=affiliations))
        .in_bulk()
    )
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
            yield Row(registrations[pk], slots.get(pk, {}), certificates.get(pk))


def rows_of(queryset, chunk=CHUNK):
    """The ``Row`` of each registration in ``queryset``, in its order."""
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        yield from _chunk_rows(ids[start : start + chunk])
