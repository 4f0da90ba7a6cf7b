"""Who may reach what through the staff API: exactly what the token's user may reach in the
admin (events/permissions.py), within the token's own events, and writing only with the
write scope. What a token may not reach answers as if it did not exist, and changes nothing."""

import pytest
from django.contrib.auth.models import Group

from events.attendance.models import Attendance
from events.registrations.models import Registration
from tests.factories.accounts import UserFactory
from tests.factories.api import token_for
from tests.factories.attendance import desk_staff
from tests.factories.network import PersonFactory
from tests.factories.registrations import RegistrationFactory
from tests.security.matrix_roles import _organiser_of as organiser_of

pytestmark = pytest.mark.django_db


def event_ids(api, secret):
    answer = api("get", "/events", secret)
    assert answer.status_code == 200
    return [item["id"] for item in answer.json()["items"]]


def assert_unreachable(api, secret, event, registration):
    """Every endpoint of ``event`` answers as for an event that does not exist, and nothing is
    written."""
    before = (Registration.objects.count(), Attendance.objects.count())
    calls = [
        api("get", f"/events/{event.pk}/registrations", secret),
        api("get", f"/events/{event.pk}/registrations/{registration.reference}", secret),
        api("get", f"/events/{event.pk}/attendance", secret),
        api("post", f"/events/{event.pk}/registrations", secret, {"name": "Intruder", "email": "in@example.org"}),
        api("post", f"/events/{event.pk}/check-ins", secret, {"code": registration.reference}),
    ]
    nowhere = api("get", "/events/987654/registrations", secret).json()
    for answer in calls:
        assert answer.status_code == 404
        assert answer.json() == nowhere == {"detail": nowhere["detail"], "code": "not_found"}
        assert registration.reference not in answer.content.decode()
    assert (Registration.objects.count(), Attendance.objects.count()) == before


@pytest.fixture
def people_of_b(event_b):
    return RegistrationFactory(event=event_b, person=PersonFactory(name="Basim Kadhim", name_ar="بسام كاظم"))


def test_organiser_a_token_never_sees_event_b(api, token_a, event_a, event_b, people_of_b):
    _staff_token, secret = token_a
    assert event_ids(api, secret) == [event_a.pk]
    assert_unreachable(api, secret, event_b, people_of_b)


def test_a_token_limited_to_one_event_sees_no_other_though_its_user_may(api, event_a, event_b, people_of_b):
    user = organiser_of(event_a)
    user.groups.add(*organiser_of(event_b).groups.all())
    _limited, limited = token_for(user, scope="write", event_ids=[event_a.pk])
    _everything, everything = token_for(user)
    assert sorted(event_ids(api, everything)) == sorted([event_a.pk, event_b.pk])
    assert event_ids(api, limited) == [event_a.pk]
    assert_unreachable(api, limited, event_b, people_of_b)
    assert api("get", f"/events/{event_b.pk}/registrations", everything).json()["count"] == 1


def test_the_english_page_of_an_event_leads_to_the_same_event(api, token_a, event_a):
    from tests.factories.registrations import english_of

    RegistrationFactory(event=event_a)
    english = english_of(event_a)
    answer = api("get", f"/events/{english.pk}/registrations", token_a[1])
    assert answer.status_code == 200 and answer.json()["count"] == 1


def test_a_read_token_writes_nothing(api, organiser_a, event_a):
    registration = RegistrationFactory(event=event_a)
    _staff_token, secret = token_for(organiser_a, scope="read")
    added = api("post", f"/events/{event_a.pk}/registrations", secret, {"name": "Huda", "email": "huda@example.org"})
    checked = api("post", f"/events/{event_a.pk}/check-ins", secret, {"code": registration.reference})
    for answer in (added, checked):
        assert answer.status_code == 403
        assert answer.json()["code"] == "read_only"
    assert Registration.objects.count() == 1 and not Attendance.objects.exists()
    assert api("get", f"/events/{event_a.pk}/registrations", secret).status_code == 200
    listed = api("get", "/events", secret).json()["items"][0]
    assert (listed["may_read"], listed["may_register"], listed["may_check_in"]) == (True, False, False)


def test_desk_staff_of_another_event_may_check_in_there_and_read_nothing(api, organiser_a, event_a, event_b):
    from events.models import EventRole, EventTeamMember

    EventTeamMember.objects.create(event=event_b, user=organiser_a, role=EventRole.DESK)
    guest = RegistrationFactory(event=event_b, person=PersonFactory(name="Guest of B"))
    _staff_token, secret = token_for(organiser_a, scope="write")
    items = {item["id"]: item for item in api("get", "/events", secret).json()["items"]}
    assert set(items) == {event_a.pk, event_b.pk}
    b = items[event_b.pk]
    assert (b["may_read"], b["may_register"], b["may_check_in"], b["registrations"]) == (False, False, True, None)
    assert items[event_a.pk]["registrations"]["capacity"] == 2
    assert api("get", f"/events/{event_b.pk}/registrations", secret).status_code == 404
    assert api("get", f"/events/{event_b.pk}/attendance", secret).status_code == 404
    checked = api("post", f"/events/{event_b.pk}/check-ins", secret, {"code": guest.reference})
    assert checked.status_code == 201
    assert Attendance.objects.get().recorded_by == organiser_a


def test_desk_staff_alone_cannot_make_a_token(event_a):
    from api import tokens

    with pytest.raises(tokens.TokenError):
        token_for(desk_staff(event_a))


def test_a_right_taken_from_the_user_is_gone_from_their_token_at_the_next_call(api, token_a, organiser_a, event_a):
    _staff_token, secret = token_a
    assert event_ids(api, secret) == [event_a.pk]
    organiser_a.groups.remove(Group.objects.get(name=f"Organisers of {event_a.slug}"))
    assert event_ids(api, secret) == []
    assert api("get", f"/events/{event_a.pk}/registrations", secret).status_code == 404


def test_a_superusers_token_sees_every_event(api, event_a, event_b):
    _staff_token, secret = token_for(UserFactory(is_superuser=True, is_staff=True))
    assert sorted(event_ids(api, secret)) == sorted([event_a.pk, event_b.pk])


def test_a_registration_of_event_b_is_not_found_through_event_a(api, token_a, event_a, people_of_b):
    answer = api("get", f"/events/{event_a.pk}/registrations/{people_of_b.reference}", token_a[1])
    assert answer.status_code == 404
    another = api("post", f"/events/{event_a.pk}/check-ins", token_a[1], {"code": people_of_b.reference})
    assert another.status_code == 400 and another.json()["code"] == "another_event"
    assert not Attendance.objects.exists()
