"""The event report counts with grouped queries: the page of an event with 5,000
registrations costs the same queries as one with 50."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.attendance.models import Attendance, Method
from events.registrations.models import ParticipantRole, Registration, RegistrationStatus
from network.geography import Governorate
from network.models import Affiliation, Person
from tests.factories.network import OrganisationFactory

pytestmark = pytest.mark.django_db

COUNTRIES = ["IQ", "JO", "LB", "EG", "SY"]
GOVERNORATES = [value for value, _label in Governorate.choices]
STATUSES = [RegistrationStatus.CONFIRMED] * 6 + [RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED]
ROLES = [ParticipantRole.PARTICIPANT] * 4 + [ParticipantRole.SPEAKER]


def crowd(event, days, size, prefix):
    """``size`` people registered for ``event`` over a month, in bulk: mixed countries,
    governorates, statuses and roles; one in five with an organisation; most confirmed ones
    present on the first day, half on the second."""
    organisations = [OrganisationFactory(kind=kind) for kind in ("ngo", "media", "academic")]
    people = Person.objects.bulk_create(
        Person(
            name=f"{prefix} {n}",
            slug=f"{prefix}-{n}",
            gender=("female", "male", "")[n % 3],
            country=COUNTRIES[n % len(COUNTRIES)],
            governorate=GOVERNORATES[n % len(GOVERNORATES)] if n % len(COUNTRIES) == 0 else "",
        )
        for n in range(size)
    )
    Affiliation.objects.bulk_create(
        Affiliation(person=person, organisation=organisations[n % 3]) for n, person in enumerate(people) if n % 5 == 0
    )
    start = timezone.now() - dt.timedelta(days=30)
    registrations = Registration.objects.bulk_create(
        Registration(
            event=event,
            person=person,
            status=STATUSES[n % len(STATUSES)],
            role=ROLES[n % len(ROLES)],
            created_at=start + dt.timedelta(hours=n * 700 // size),
        )
        for n, person in enumerate(people)
    )
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    Attendance.objects.bulk_create(
        [
            *(
                Attendance(registration=r, event=event, slot=days[0].key, at=days[0].start, method=Method.SCAN)
                for n, r in enumerate(confirmed)
                if n % 10
            ),
            *(
                Attendance(registration=r, event=event, slot=days[1].key, at=days[1].start, method=Method.SCAN)
                for n, r in enumerate(confirmed)
                if n % 2
            ),
        ]
    )


def queries_of_the_report(client, event):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/admin/reports/{event.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_report_costs_the_same_queries_for_50_and_5000_registrations(client, event, days, manager):
    from tests.factories.registrations import event_page

    client.force_login(manager)
    crowd(event, days, 50, "small")
    small, page = queries_of_the_report(client, event)
    assert "<dt>Registrations</dt><dd>50</dd>" in page

    large_event = event_page(start=event.start, end=event.end)
    crowd(large_event, days, 5000, "large")
    large, page = queries_of_the_report(client, large_event)
    assert "<dt>Registrations</dt><dd>5000</dd>" in page
    assert "<dt>Countries</dt><dd>5</dd>" in page
    assert small == large, f"{small} queries for 50 registrations, {large} for 5,000"
    assert large <= 40
