"""The demo's attendance: the figures the articles give come out of the records."""

from collections import Counter

import pytest
from django.test import Client

from events.attendance.figures import event_figures
from events.attendance.models import Attendance, Method
from events.registrations.models import Registration
from network.geography import Governorate

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_site, demo_snapshots):
    from fixtures import attendance, events, network

    demo_snapshots.load("network", lambda: network.load(lambda message: None))
    demo_snapshots.load("events", lambda: events.load(lambda message: None))
    demo_snapshots.load("attendance", lambda: attendance.load(lambda message: None))


def _event(slug):
    from events.models import EventPage

    return EventPage.objects.get(slug=slug, locale__language_code="ar")


def test_kaiciid_figures_come_from_imported_meeting_reports(demo):
    kaiciid = _event("kaiciid-social-media-dialogue-phase-2")
    figures = event_figures(kaiciid)
    assert (figures.participants, figures.countries) == (72, 8)
    ((network, members),) = figures.networks
    assert network.slug == "kaiciid-dialogue-network" and members == {"new": 60, "returning": 12}
    records = Attendance.objects.filter(event=kaiciid)
    assert set(records.values_list("method", flat=True)) == {Method.ONLINE}
    assert records.filter(minutes__isnull=True).count() == 0
    per_seminar = Counter(records.values_list("slot", flat=True))
    assert len(per_seminar) == 7 and max(per_seminar.values()) == 72
    people = Registration.objects.filter(event=kaiciid)
    assert people.count() == 80 and all("(demo)" in r.person.name for r in people.select_related("person"))
    page = Client().get(kaiciid.url).content.decode()
    assert "<strong>72</strong>" in page and "<strong>8</strong>" in page and "<strong>60</strong>" in page


def test_point_iraq_has_young_people_from_every_governorate_checked_in_on_both_days(demo):
    point_iraq = _event("point-iraq-2018")
    figures = event_figures(point_iraq)
    assert figures.participants > 100 and figures.governorates == len(Governorate.choices)
    days = Counter(Attendance.objects.filter(event=point_iraq).values_list("slot", flat=True))
    assert set(days) == {"2018-08-10", "2018-08-11"} and min(days.values()) > 90


def test_the_demo_loads_again_with_the_same_figures(demo):
    from fixtures import attendance

    attendance.load(lambda message: None)
    kaiciid = _event("kaiciid-social-media-dialogue-phase-2")
    assert event_figures(kaiciid).participants == 72
    assert Registration.objects.filter(event=kaiciid).count() == 80
