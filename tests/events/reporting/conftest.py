import datetime as dt

import pytest
from django.contrib.auth.models import Permission

from events import team
from events.attendance.models import Method, SlotUnit
from events.attendance.services import check_in
from events.attendance.slots import slots_for
from events.models import EventRole
from events.registrations.models import ParticipantRole, RegistrationStatus
from network.models import NetworkMembership
from tests.events.attendance.conftest import days, event  # noqa: F401 - the two-day event the attendance tests use
from tests.factories.accounts import UserFactory
from tests.factories.attendance import plan
from tests.factories.network import AffiliationFactory, NetworkFactory, OrganisationFactory, PersonFactory
from tests.factories.registrations import RegistrationFactory, event_page, organiser


def with_admin_access(user):
    """``user`` allowed into the Wagtail admin, and no further: what they see there is then the
    event policies' answer alone."""
    user.user_permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    return user


def reporter_of(page, **user_fields):
    """A user given the reporter role for ``page``'s event (which lets them into the admin) and
    nothing else."""
    user = UserFactory(**user_fields)
    team.add_member(page, user, EventRole.REPORTER)
    return user


@pytest.fixture
def manager(event):  # noqa: F811 - the fixture above
    return organiser(edit_pages_under=event.get_parent())


@pytest.fixture
def small_event(event, days):  # noqa: F811 - the fixtures above
    """A made-up event: five confirmed (three women and two men; four from Iraq — two from
    Baghdad, one from Basra and one without a governorate — and one from Jordan), one
    cancelled and one on the waiting list; four came on the first day, two on the second."""
    media = OrganisationFactory(kind="media")
    people = [
        PersonFactory(participant=True, gender="female", country="IQ", governorate="baghdad"),
        PersonFactory(participant=True, gender="female", country="IQ", governorate="baghdad"),
        PersonFactory(participant=True, gender="male", country="IQ", governorate="basra"),
        PersonFactory(participant=True, gender="male", country="JO"),
        PersonFactory(participant=True, gender="female", country="IQ"),
    ]
    AffiliationFactory(person=people[0], organisation=media, is_primary=True)
    registrations = [RegistrationFactory(event=event, person=person) for person in people]
    registrations[3].role = ParticipantRole.SPEAKER
    registrations[3].save(update_fields=["role"])
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    for registration in registrations[:4]:
        check_in(registration, days[0].key, method=Method.SCAN)
    for registration in registrations[:2]:
        check_in(registration, days[1].key, method=Method.SCAN)
    return event


@pytest.fixture
def phases(demo_site):
    """Two one-day phases of a programme tied to one network, a year apart: three people at
    the first (one of them a member since before it), two at the second, one of whom came to
    both; one woman from Jordan, the rest men from Iraq."""
    network = NetworkFactory()
    first = event_page(start=dt.datetime(2024, 3, 1, 6, tzinfo=dt.UTC), end=dt.datetime(2024, 3, 1, 14, tzinfo=dt.UTC))
    second = event_page(start=dt.datetime(2025, 3, 1, 6, tzinfo=dt.UTC), end=dt.datetime(2025, 3, 1, 10, tzinfo=dt.UTC))
    for phase in (first, second):
        plan(phase, unit=SlotUnit.DAY).networks.set([network])
    people = [
        PersonFactory(participant=True, gender="female", country="JO"),
        PersonFactory(participant=True, gender="male", country="IQ", governorate="basra"),
        PersonFactory(participant=True, gender="male", country="IQ", governorate="erbil"),
        PersonFactory(participant=True, gender="male", country="IQ", governorate="erbil"),
    ]
    NetworkMembership.objects.create(network=network, person=people[0], joined_on=dt.date(2020, 1, 1))
    for phase, present in ((first, people[:3]), (second, people[2:])):
        day = slots_for(phase)[0]
        for person in present:
            check_in(RegistrationFactory(event=phase, person=person), day.key, method=Method.SCAN, at=day.start)
    return network, first, second
