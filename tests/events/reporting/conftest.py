import pytest
from django.contrib.auth.models import Permission

from events import team
from events.attendance.models import Method
from events.attendance.services import check_in
from events.models import EventRole
from events.registrations.models import ParticipantRole, RegistrationStatus
from tests.events.attendance.conftest import days, event  # noqa: F401 - the two-day event the attendance tests use
from tests.factories.accounts import UserFactory
from tests.factories.network import AffiliationFactory, OrganisationFactory, PersonFactory
from tests.factories.registrations import RegistrationFactory, organiser


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
