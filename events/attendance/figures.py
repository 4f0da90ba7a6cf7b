"""An event's figures as funders ask for them, computed from attendance records: how many
people took part, from how many countries (and, in Iraq, governorates), and how many of them
were new to the networks the event is tied to. Counts only: no one is named."""

from dataclasses import dataclass, field

from events.attendance.models import Attendance
from events.attendance.slots import plan_for
from network.membership import new_and_returning
from network.models import Person


@dataclass
class Figures:
    participants: int
    countries: int
    governorates: int
    networks: list = field(default_factory=list)  # [(network, {"new": n, "returning": n})]


def event_figures(event):
    """The figures of ``event`` (any language version), or ``None`` before anyone attended."""
    canonical = event.canonical
    attended = Attendance.objects.filter(event_id=canonical.pk).values("registration__person_id")
    people = Person.objects.filter(pk__in=attended)
    ids = list(people.values_list("pk", flat=True))
    if not ids:
        return None
    countries = people.exclude(country="").values("country").distinct().count()
    governorates = people.filter(country="IQ").exclude(governorate="").values("governorate").distinct().count()
    plan = plan_for(canonical)
    networks = []
    if plan.pk:
        day = canonical.local_start.date()
        networks = [(network, new_and_returning(network, ids, on_date=day)) for network in plan.networks.all()]
    return Figures(len(ids), countries, governorates, networks)
