import datetime as dt

import pytest
from django.utils import timezone

from tests.factories.registrations import SettingsFactory, event_page


@pytest.fixture
def event(demo_site, demo_snapshots):
    """A two-day event starting tomorrow at 09:00 Baghdad time (Arabic canonical page with an
    English translation), built once per session and copied back after that."""
    from events.models import EventPage

    def build():
        start = (timezone.now() + dt.timedelta(days=1)).replace(hour=6, minute=0, second=0, microsecond=0)
        page = event_page(start=start, end=start + dt.timedelta(days=1, hours=8))
        SettingsFactory(event=page, capacity=50)
        return page.pk

    return EventPage.objects.get(pk=demo_snapshots.load("attendance-event", build))


@pytest.fixture
def days(event):
    from events.attendance.slots import slots_for

    return slots_for(event)


def seminar_programme():
    """A programme of four weekly online seminars that ended three weeks ago, in Arabic and
    English, organised by one organisation and sponsored by another; attendance is taken per
    session and a certificate needs three of the four. (The browser tests build it too.)"""
    from events.attendance.models import CompletionRule, SlotUnit
    from tests.factories.attendance import plan
    from tests.factories.events import event_page, translate
    from tests.factories.network import OrganisationFactory

    first = (timezone.now() - dt.timedelta(weeks=6)).replace(hour=14, minute=0, second=0, microsecond=0)
    seminars = [
        {
            "title": f"الندوة {number}",
            "kind": "talk",
            "start": first + dt.timedelta(weeks=number - 1),
            "end": first + dt.timedelta(weeks=number - 1, minutes=90),
        }
        for number in range(1, 5)
    ]
    organiser = OrganisationFactory(name="Tigris Dialogue Centre", name_ar="مركز دجلة للحوار")
    sponsor = OrganisationFactory(name="Sponsor Fund", name_ar="صندوق الراعي")
    page = event_page(
        title="برنامج ندوات الحوار",
        slug="dialogue-seminars",
        event_format="online",
        start=seminars[0]["start"],
        end=seminars[-1]["end"],
        sessions=seminars,
        partners=[(organiser, "organiser"), (sponsor, "sponsor")],
    )
    translate(page, title="Dialogue Seminars Programme")
    plan(
        page,
        unit=SlotUnit.SESSION,
        completion_rule=CompletionRule.SLOTS,
        completion_value=3,
        signatory="Dr. Sara Kareem, Programme Director",
        signatory_ar="د. سارة كريم، مديرة البرنامج",
    )
    return page


@pytest.fixture
def programme(demo_site, demo_snapshots):
    """The seminar programme, built once per session and copied back after that."""
    from events.models import EventPage

    return EventPage.objects.get(pk=demo_snapshots.load("seminar-programme", lambda: seminar_programme().pk))


@pytest.fixture
def seminars(programme):
    from events.attendance.slots import slots_for

    return slots_for(programme)


@pytest.fixture
def event_manager(event):
    """An organiser who may manage the event (and every event beside it)."""
    from tests.factories.registrations import organiser

    return organiser(edit_pages_under=event.get_parent())


@pytest.fixture
def crowd(event):
    """Five confirmed participants of the event, two of them with an organisation and one with
    a Latin-script name only, in registration order (not the order of their names)."""
    from tests.factories.network import AffiliationFactory, OrganisationFactory, PersonFactory
    from tests.factories.registrations import RegistrationFactory

    tammuz = OrganisationFactory(name="Tammuz Organisation", name_ar="منظمة تموز")
    people = [
        ("Basim Kadhim", "بسام كاظم", {}),
        ("Ahmed Salman", "أحمد سلمان", {}),
        ("Ibrahim Hadi", "إبراهيم هادي", {}),
        ("Amna Jasim", "آمنة جاسم", {"gender": "female"}),
        ("John Smith", "", {}),
    ]
    registrations = []
    for number, (name, name_ar, fields) in enumerate(people):
        person = PersonFactory(participant=True, name=name, name_ar=name_ar, **fields)
        if number < 2:
            AffiliationFactory(person=person, organisation=tammuz)
        registrations.append(RegistrationFactory(event=event, person=person))
    return registrations
