"""An event's figures as funders ask for them, computed from attendance records: how many
people took part, from how many countries (and, in Iraq, governorates), and how many of them
were new to the networks the event is tied to; and how many were present at each slot. Counts
only: no one is named. The event page, the attendance screens and the event report all read
them from here, so they never disagree."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

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


def participants(event):
    """The people who attended ``event`` (any language version) at least once: its
    participants, as every figure counts them."""
    attended = Attendance.objects.filter(event_id=event.canonical.pk).values("registration__person_id")
    return Person.objects.filter(pk__in=attended)


def takes_attendance(event):
    """Whether attendance is taken at ``event`` (any language version): it has an attendance
    plan, or someone was checked in (the desk takes attendance per day without a plan)."""
    canonical = event.canonical
    return plan_for(canonical).pk is not None or Attendance.objects.filter(event_id=canonical.pk).exists()


def attended_registrations(event):
    """The ids of the registrations of ``event`` (any language version) present at least once,
    as a subquery."""
    return Attendance.objects.filter(event_id=event.canonical.pk).values("registration_id")


def places(people):
    """``(countries, governorates)``: how many countries ``people`` (a queryset) come from,
    and how many of Iraq's governorates, in two queries."""
    countries = people.exclude(country="").values("country").distinct().count()
    governorates = people.filter(country="IQ").exclude(governorate="").values("governorate").distinct().count()
    return countries, governorates


def event_figures(event):
    """The figures of ``event`` (any language version), or ``None`` before anyone attended."""
    canonical = event.canonical
    people = participants(canonical)
    ids = list(people.values_list("pk", flat=True))
    if not ids:
        return None
    countries, governorates = places(people)
    plan = plan_for(canonical)
    networks = []
    if plan.pk:
        day = canonical.local_start.date()
        networks = [(network, new_and_returning(network, ids, on_date=day)) for network in plan.networks.all()]
    return Figures(len(ids), countries, governorates, networks)


def slot_rows(event, slots, confirmed):
    """Per slot of ``slots``: how many of the ``confirmed`` registrations were present, absent,
    and the rate in whole percent, in one grouped query."""
    counted = dict(
        Attendance.objects.filter(event_id=event.pk, registration__status="confirmed")
        .values_list("slot")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows, now = [], timezone.now()
    for slot in slots:
        present = counted.get(slot.key, 0)
        rate = round(100 * present / confirmed) if confirmed else 0
        # A day or session still to come, nobody checked in yet: nobody has missed it.
        upcoming = slot.is_to_come(now) and not present
        rows.append(
            {
                "slot": slot,
                "present": present,
                "absent": max(0, confirmed - present),
                "rate": rate,
                "upcoming": upcoming,
            }
        )
    return rows
