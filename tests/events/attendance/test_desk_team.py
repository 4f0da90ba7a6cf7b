"""An event's desk team in the admin: its organisers add people by the address of their
account (the same answer whether or not there is one) and remove them; the people added use
the desk without any access to the admin."""

import pytest

from events.models import EventRole, EventTeamMember
from tests.factories.accounts import UserFactory
from tests.factories.attendance import desk_staff
from tests.factories.registrations import RegistrationFactory, event_page, organiser
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(event):
    return organiser(edit_pages_under=event.get_parent())


def team_url(event):
    return f"/admin/attendance/{event.pk}/team/"


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_an_organiser_adds_someone_by_email_and_the_answer_says_nothing_of_the_account(client, event, manager):
    client.force_login(manager)
    volunteer = UserFactory(email="volunteer@example.org", first_name="Rana", last_name="Jaber")
    answers = []
    for email in ("Volunteer@example.org", "no-such-account@example.org"):
        data = {"email": email, "role": "desk"}
        response = client.post(team_url(event), data, HTTP_ACCEPT_LANGUAGE="en", follow=True)
        answers.append(messages_of(response)[0].replace(email, "…"))
    assert answers[0] == answers[1]
    assert "can now check people in" in answers[0]
    member = EventTeamMember.objects.get(event=event)
    assert (member.user, member.role, member.added_by) == (volunteer, EventRole.DESK, manager)
    page = client.get(team_url(event), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Rana Jaber" in page and f"/ar/desk/{event.pk}/" in page and f"/en/desk/{event.pk}/" in page
    # Adding the same person again adds nothing.
    client.post(team_url(event), {"email": "volunteer@example.org", "role": "desk"})
    assert EventTeamMember.objects.filter(event=event).count() == 1


def test_an_unconfirmed_address_does_not_give_the_desk(client, event, manager):
    UserFactory(email="unconfirmed@example.org", verified=False)
    client.force_login(manager)
    client.post(team_url(event), {"email": "unconfirmed@example.org", "role": "desk"})
    assert not EventTeamMember.objects.exists()


def test_a_wrong_address_is_answered_on_the_form(client, event, manager):
    client.force_login(manager)
    response = client.post(team_url(event), {"email": "not an address"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "Enter a valid email address." in response.content.decode()


@pytest.mark.parametrize("member_id", ["²", "9" * 5000, "x"])
def test_removing_with_an_id_that_is_no_number_removes_no_one(client, event, manager, member_id):
    desk_staff(event)
    client.force_login(manager)
    response = client.post(team_url(event), {"remove": member_id}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert messages_of(response) == ["This person is not on this event's team."]
    assert EventTeamMember.objects.count() == 1


def test_an_organiser_removes_someone_and_they_lose_the_desk(client, event, manager):
    volunteer = desk_staff(event)
    member = EventTeamMember.objects.get(user=volunteer)
    client.force_login(volunteer)
    assert client.get(f"/en/desk/{event.pk}/").status_code == 200
    client.force_login(manager)
    response = client.post(team_url(event), {"remove": member.pk}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert messages_of(response) == ["Removed from this event's team."]
    assert not EventTeamMember.objects.exists()
    again = client.post(team_url(event), {"remove": member.pk}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert messages_of(again) == ["This person is not on this event's team."]
    client.force_login(volunteer)
    assert_not_found(client.get(f"/en/desk/{event.pk}/"), "en", hides=[event.title])


def test_the_team_page_is_in_arabic_for_an_arabic_admin(client, event, manager):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(manager)
    profile.preferred_language = "ar"
    profile.save()
    client.force_login(manager)
    page = client.get(team_url(event)).content.decode()
    assert 'dir="rtl"' in page and "فريق الفعالية" in page and "إضافة شخص إلى فريق الفعالية" in page
    assert "معدّو التقارير" in page
    # The desk's addresses are isolated left to right: their slash stays at their end.
    assert f'<bdi dir="ltr">http://testserver/ar/desk/{event.pk}/</bdi>' in page


def test_desk_staff_use_the_desk_without_the_admin_and_do_not_see_the_team(client, event, days):
    volunteer = desk_staff(event)
    client.force_login(volunteer)
    response = client.get(team_url(event))
    assert response.status_code == 302 and "/login/" in response["Location"]
    registration = RegistrationFactory(event=event)
    answer = client.post(
        f"/en/desk/{event.pk}/scan/", {"code": registration.reference, "slot": days[0].key}, "application/json"
    ).json()
    assert answer["outcome"] == "green"


def test_organisers_of_another_event_do_not_see_this_team(client, event):
    desk_staff(event, first_name="Hidden", last_name="Volunteer")
    client.force_login(organiser(edit_pages_under=event_page()))
    response = client.get(team_url(event), follow=True)
    assert_not_found(response, "ar", hides=[event.title, "Hidden Volunteer"])
    client.post(team_url(event), {"email": "someone@example.org"})
    assert EventTeamMember.objects.count() == 1


def test_a_reporter_reads_and_exports_the_event_and_changes_nothing(client, event, manager):
    """Given the event as a reporter, an account gets into the admin (and nothing more), sees
    the event's registrations and exports them, and is refused every screen that changes
    something; removed, it loses the admin with its last reporter role."""
    from django.contrib.auth.models import Group

    from events.team import REPORTERS_GROUP

    registration = RegistrationFactory(event=event, person__name="Listed Person")
    reader = UserFactory(email="reader@example.org", first_name="Huda", last_name="Salih")
    client.force_login(manager)
    data = {"email": "reader@example.org", "role": "reporter"}
    response = client.post(team_url(event), data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "can now read this event's registrations, export them and read its reports" in messages_of(response)[0]
    member = EventTeamMember.objects.get(user=reader)
    assert member.role == EventRole.REPORTER and reader.groups.filter(name=REPORTERS_GROUP).exists()
    assert "Huda Salih" in client.get(team_url(event), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    client.force_login(reader)
    listing = client.get(f"/admin/registrations/event/{event.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Listed Person" in listing and "Export this list" in listing
    assert f'href="/admin/reports/{event.pk}/"' in listing
    assert "Add a registration" not in listing and "Registration settings" not in listing
    export = client.post(f"/admin/attendance/{event.pk}/export/", {"format": "csv", "column": ["name"]})
    assert b"Listed Person" in b"".join(export.streaming_content)
    for path in (
        f"/admin/registrations/event/{event.pk}/settings/",
        f"/admin/registrations/event/{event.pk}/registration/{registration.pk}/",
        f"/admin/registrations/event/{event.pk}/bulk/cancel/?id=all",
        f"/admin/attendance/{event.pk}/team/",
        f"/admin/attendance/{event.pk}/badges/",
        f"/admin/attendance/{event.pk}/certificates/",
    ):
        assert_not_found(client.get(path, follow=True), "ar", hides=["Listed Person"])
    assert_not_found(client.get(f"/en/desk/{event.pk}/"), "en", hides=[event.title])

    client.force_login(manager)
    client.post(team_url(event), {"remove": member.pk})
    assert not reader.groups.filter(name=REPORTERS_GROUP).exists() and Group.objects.filter(name=REPORTERS_GROUP)
    client.force_login(reader)
    response = client.get(f"/admin/registrations/event/{event.pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]
