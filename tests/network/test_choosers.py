"""The admin's person and organisation choosers: an organiser sees the public records and the
people of the events they manage; only directory staff see everyone."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from events.registrations import services
from events.registrations.signals import ORGANISERS_GROUP
from tests.factories.accounts import UserFactory
from tests.factories.events import at, event_page
from tests.factories.network import OrganisationFactory, PersonFactory
from tests.factories.registrations import SettingsFactory

pytestmark = pytest.mark.django_db

PEOPLE = "/admin/snippets/choose/network/person/results/"
ORGANISATIONS = "/admin/snippets/choose/network/organisation/results/"


def chosen(kind, record):
    return f"/admin/snippets/choose/network/{kind}/chosen/{record.pk}/"


@pytest.fixture
def world(events_index):
    """One event the organiser manages, one they do not, and people around both."""
    from events.models import EventIndexPage

    mine_index = events_index["ar"]
    other_index = mine_index.get_parent().add_child(
        instance=EventIndexPage(title="أرشيف", slug="other-archive", locale=mine_index.locale)
    )
    people = {
        "public": PersonFactory(name="Public Person", name_ar="", public_profile=True),
        "my_speaker": PersonFactory(name="My Speaker", name_ar="", public_profile=False),
        "my_participant": PersonFactory(name="My Participant", name_ar="", public_profile=False),
        "not_accepted": PersonFactory(name="Not Accepted Yet", name_ar="", public_profile=False),
        "other_participant": PersonFactory(name="Other Participant", name_ar="", public_profile=False),
    }
    partner = OrganisationFactory(name="My Partner Org", name_ar="", is_public=False)
    OrganisationFactory(name="Hidden Org", name_ar="", is_public=False)
    OrganisationFactory(name="Listed Org", name_ar="", is_public=True)
    session = {
        "title": "Panel",
        "kind": "panel",
        "start": at(2030, 5, 10, 10),
        "end": at(2030, 5, 10, 11),
        "speakers": [{"person": people["my_speaker"]}],
    }
    mine = event_page(mine_index, sessions=[session], partners=[(partner, "partner")])
    theirs = event_page(other_index)
    services.register(SettingsFactory(event=mine).event, people["my_participant"])
    services.add_by_staff(mine, email=people["not_accepted"].email, name="Typed")
    services.register(SettingsFactory(event=theirs).event, people["other_participant"])
    organiser = UserFactory(is_staff=True)
    group = Group.objects.get(name=ORGANISERS_GROUP)
    organiser.groups.add(group)
    GroupPagePermission.objects.create(group=group, page=mine_index, permission_type="change")
    return {"people": people, "organiser": organiser, "partner": partner}


def test_an_organiser_sees_public_people_and_the_people_of_their_events(client, world):
    client.force_login(world["organiser"])
    html = client.get(PEOPLE).content.decode()
    for name in ("Public Person", "My Speaker", "My Participant"):
        assert name in html
    for name in ("Not Accepted Yet", "Other Participant"):
        assert name not in html
    assert client.get(PEOPLE, {"q": "Other"}).content.decode().count("Other Participant") == 0


def test_an_organiser_cannot_choose_a_hidden_person_by_id(client, world):
    client.force_login(world["organiser"])
    assert client.get(chosen("person", world["people"]["other_participant"]), follow=True).status_code == 404
    response = client.get(chosen("person", world["people"]["my_speaker"]), follow=True)
    assert response.status_code == 200 and "My Speaker" in response.content.decode()
    bad = client.get("/admin/snippets/choose/network/person/chosen/not-a-number/", follow=True)
    assert bad.status_code == 404


def test_an_organiser_sees_public_organisations_and_their_partners(client, world):
    client.force_login(world["organiser"])
    html = client.get(ORGANISATIONS).content.decode()
    assert "Listed Org" in html and "My Partner Org" in html
    assert "Hidden Org" not in html


def test_directory_staff_see_everyone(client, world, staff_user):
    client.force_login(staff_user)
    html = client.get(PEOPLE).content.decode()
    for name in ("Public Person", "My Speaker", "My Participant", "Not Accepted Yet", "Other Participant"):
        assert name in html
    assert "Hidden Org" in client.get(ORGANISATIONS).content.decode()
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    assert "Other Participant" in client.get(PEOPLE).content.decode()
