"""Taking part makes the network, and the event's figures are counted from the records."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from events.attendance.figures import event_figures
from events.attendance.models import MembershipTrigger
from events.attendance.services import check_in
from events.registrations import services
from network.models import Network, NetworkMembership
from tests.factories.attendance import plan
from tests.factories.network import PersonFactory
from tests.factories.registrations import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return Network.objects.create(name="Dialogue network", name_ar="شبكة الحوار", slug="dialogue-network")


def test_attending_makes_a_member_with_the_event_joined_at(event, days, network):
    plan(event, membership_trigger=MembershipTrigger.ATTENDING).networks.set([network])
    registration = RegistrationFactory(event=event)
    assert not NetworkMembership.objects.filter(person=registration.person).exists()
    check_in(registration, days[0].key)
    membership = NetworkMembership.objects.get(network=network, person=registration.person)
    assert membership.joined_at_event_id == event.pk
    # A second day changes nothing: the first event joined at stays.
    check_in(registration, days[1].key)
    assert NetworkMembership.objects.filter(person=registration.person).count() == 1


def test_registering_makes_a_member_when_the_plan_says_so(event, network):
    plan(event, membership_trigger=MembershipTrigger.REGISTERING).networks.set([network])
    person = PersonFactory(participant=True)
    services.register(event, person)
    assert NetworkMembership.objects.filter(network=network, person=person, joined_at_event=event).exists()


def test_registering_alone_does_not_when_attending_is_the_trigger(event, network):
    plan(event, membership_trigger=MembershipTrigger.ATTENDING).networks.set([network])
    person = PersonFactory(participant=True)
    services.register(event, person)
    assert not NetworkMembership.objects.filter(person=person).exists()


def plan_reads(queries):
    return [q["sql"] for q in queries.captured_queries if 'FROM "attendance_attendanceplan"' in q["sql"]]


@pytest.mark.parametrize("trigger", [None, MembershipTrigger.ATTENDING])
def test_registering_reads_no_plan_when_registering_makes_no_member(event, network, trigger):
    """The plan's trigger comes with the event's lock: an event without a plan, or whose plan
    waits for attendance, spends no query on it when someone registers."""
    if trigger:
        plan(event, membership_trigger=trigger).networks.set([network])
    person = PersonFactory(participant=True)
    with CaptureQueriesContext(connection) as queries:
        registration = services.register(event, person)
    assert plan_reads(queries) == []
    assert registration.membership_trigger == trigger
    assert not NetworkMembership.objects.filter(person=person).exists()


def test_registering_reads_the_plan_when_it_makes_members(event, network):
    plan(event, membership_trigger=MembershipTrigger.REGISTERING).networks.set([network])
    person = PersonFactory(participant=True)
    with CaptureQueriesContext(connection) as queries:
        services.register(event, person)
    assert len(plan_reads(queries)) == 1
    assert NetworkMembership.objects.filter(network=network, person=person).count() == 1


def test_figures_count_people_countries_and_new_members(event, days, network):
    plan(event).networks.set([network])
    earlier = PersonFactory(participant=True, country="JO")
    NetworkMembership.objects.create(network=network, person=earlier, joined_on=dt.date(2016, 3, 1))
    people = [earlier, PersonFactory(participant=True, country="IQ"), PersonFactory(participant=True, country="LB")]
    absent = RegistrationFactory(event=event, person=PersonFactory(participant=True, country="EG"))
    for person in people:
        check_in(RegistrationFactory(event=event, person=person), days[0].key)
    figures = event_figures(event)
    assert (figures.participants, figures.countries) == (3, 3)
    assert figures.networks == [(network, {"new": 2, "returning": 1})]
    assert absent.person_id not in {p.pk for p in people}


def test_a_past_events_page_shows_its_figures_and_no_names(demo_site, network):
    from tests.factories.registrations import SettingsFactory, event_page

    start = dt.datetime(2018, 8, 10, 7, 0, tzinfo=dt.UTC)
    past = event_page(start=start, end=start + dt.timedelta(days=1, hours=8))
    SettingsFactory(event=past)
    plan(past).networks.set([network])
    from events.attendance.slots import slots_for

    day = slots_for(past)[0].key
    people = [PersonFactory(participant=True, country="IQ", governorate=g) for g in ("basra", "najaf", "basra")]
    for person in people:
        check_in(RegistrationFactory(event=past, person=person), day)
    page = Client().get(past.url).content.decode()
    assert "<strong>3</strong> مشاركين" in page and "participants" not in page
    assert "<strong>3</strong> أعضاء جدد في شبكة الحوار" in page
    english = Client().get(past.localized_for("en").url if past.localized_for("en") else past.url)
    text = english.content.decode()
    assert "from <strong>2</strong> governorates" in text and "3 new members of Dialogue network" in text.replace(
        "<strong>", ""
    ).replace("</strong>", "")
    for person in people:
        assert person.name not in page and person.name not in text
