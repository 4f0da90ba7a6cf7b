"""Merging duplicates moves everything that points at the duplicate, atomically, and logs it."""

import datetime

import pytest
from django.utils import translation
from wagtail.contrib.redirects.models import Redirect

from events.models import EventPage, EventPartner, SessionSpeaker
from events.registrations.models import CalendarFeed, Registration
from network import merge
from network.errors import MergeError
from network.models import Affiliation, MergeLog, Network, NetworkMembership, Organisation, Person
from tests.factories.accounts import UserFactory
from tests.factories.events import at, event_page
from tests.factories.network import (
    AffiliationFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def talk(title, *speakers):
    start, end = at(2018, 8, 10, 10), at(2018, 8, 10, 11)
    return {"title": title, "kind": "talk", "start": start, "end": end, "speakers": list(speakers)}


@pytest.fixture
def pair():
    survivor = PersonFactory(
        name="Ahmed Waheed", name_ar="أحمد وحيد", slug="ahmed-waheed", email="", phone="", public_profile=False
    )
    duplicate = PersonFactory(
        name="Ahmad Wahid", name_ar="احمد وحيد", slug="ahmad-wahid", email="ahmed@example.org", public_profile=True
    )
    return survivor, duplicate


def test_merging_people_moves_affiliations_and_memberships(pair):
    survivor, duplicate = pair
    shared = OrganisationFactory()
    AffiliationFactory(person=survivor, organisation=shared, role="Member")
    AffiliationFactory(person=duplicate, organisation=shared, role="Member")  # repeats the survivor's
    moved_affiliation = AffiliationFactory(person=duplicate, role="Trainer")
    network = NetworkFactory()
    kept = MembershipFactory(network=network, person=survivor, joined_on=datetime.date(2021, 2, 1), cohort="Phase 2")
    MembershipFactory(network=network, person=duplicate, joined_on=datetime.date(2015, 9, 1), cohort="Phase 1")
    other_membership = MembershipFactory(person=duplicate)

    log = merge.merge_people(survivor, duplicate)

    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert set(Affiliation.objects.filter(person=survivor).values_list("organisation", "role")) == {
        (shared.pk, "Member"),
        (moved_affiliation.organisation_id, "Trainer"),
    }
    kept.refresh_from_db()
    # The dropped membership knew of an earlier participation: it is kept, so the person
    # still counts as returning in phase 2.
    assert (kept.joined_on, kept.cohort) == (datetime.date(2015, 9, 1), "Phase 1")
    assert NetworkMembership.objects.get(pk=other_membership.pk).person == survivor
    assert log.moved == {"network.Affiliation.person": 1, "network.NetworkMembership.person": 1}
    assert {row["model"] for row in log.dropped} == {"network.Affiliation", "network.NetworkMembership"}


def test_merging_fills_blanks_but_never_carries_consent(pair):
    survivor, duplicate = pair
    duplicate.user = UserFactory()
    duplicate.save()
    log = merge.merge_people(survivor, duplicate)
    survivor.refresh_from_db()
    assert survivor.email == "ahmed@example.org"
    assert survivor.phone == duplicate.phone
    assert survivor.user == duplicate.user
    assert survivor.name_ar == "أحمد وحيد"
    assert survivor.public_profile is False
    assert {"email", "phone", "user"} <= set(log.filled)


def test_merge_is_logged_with_who_and_what(pair, django_user_model):
    survivor, duplicate = pair
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    merge.merge_people(survivor, duplicate, user=staff)
    log = MergeLog.objects.get()
    assert log.kind == "person"
    assert log.survivor_person == survivor
    assert log.duplicate_id == duplicate.pk
    assert log.duplicate_slug == "ahmad-wahid"
    assert "Ahmad Wahid" in log.duplicate_label and "احمد وحيد" in log.duplicate_label
    assert log.merged_by == staff


def test_merging_moves_speaker_roles_and_rewrites_event_revisions(pair, events_index):
    survivor, duplicate = pair
    page = event_page(sessions=[talk("Media against sectarian politics", {"person": duplicate, "role": "panellist"})])
    merge.merge_people(survivor, duplicate)
    speaker = SessionSpeaker.objects.get()
    assert speaker.person == survivor
    latest = EventPage.objects.get(pk=page.pk).get_latest_revision()
    speakers = latest.content["sessions"][0]["speakers"]
    assert [entry["person"] for entry in speakers] == [survivor.pk]
    # Publishing the page again keeps the survivor as the speaker.
    latest.publish()
    assert SessionSpeaker.objects.get().person == survivor


def test_merging_rewrites_a_draft_that_names_the_duplicate(pair, events_index):
    survivor, duplicate = pair
    page = event_page(sessions=[talk("Opening", {"person": survivor})])
    draft = EventPage.objects.get(pk=page.pk)
    session = draft.sessions.first()
    session.speakers.add(SessionSpeaker(person=duplicate, role="moderator"))
    draft.save_revision()  # a draft: the live page does not name the duplicate
    merge.merge_people(survivor, duplicate)
    content = EventPage.objects.get(pk=page.pk).get_latest_revision().content
    assert {entry["person"] for entry in content["sessions"][0]["speakers"]} == {survivor.pk}


def test_merging_moves_registrations_and_drops_a_repeated_active_one(pair, events_index):
    survivor, duplicate = pair
    both = event_page(title="Both registered")
    only_duplicate = event_page(title="Only the duplicate")
    survivor_registration = Registration.objects.create(event=both, person=survivor, status="confirmed")
    Registration.objects.create(event=both, person=duplicate, status="waitlisted")
    cancelled = Registration.objects.create(event=both, person=duplicate, status="cancelled")
    moved = Registration.objects.create(event=only_duplicate, person=duplicate, status="confirmed")
    CalendarFeed.objects.create(person=survivor)
    CalendarFeed.objects.create(person=duplicate)
    log = merge.merge_people(survivor, duplicate)
    assert set(Registration.objects.filter(person=survivor)) == {survivor_registration, cancelled, moved}
    assert CalendarFeed.objects.count() == 1
    assert log.moved["registrations.Registration.person"] == 2
    assert {row["model"] for row in log.dropped} == {"registrations.Registration", "registrations.CalendarFeed"}


def test_merging_organisations_moves_partner_and_speaker_roles(events_index):
    survivor = OrganisationFactory(name="ICSSI", slug="icssi")
    duplicate = OrganisationFactory(name="I.C.S.S.I.", slug="icssi-2", website="https://www.iraqicivilsociety.org")
    speaker = PersonFactory()
    AffiliationFactory(organisation=duplicate, person=speaker, role="Activist")
    page = event_page(
        partners=[(survivor, "organiser"), (duplicate, "organiser"), (duplicate, "partner")],
        sessions=[talk("Internet shutdowns", {"person": speaker, "organisation": duplicate})],
    )
    network = NetworkFactory(convener=duplicate)
    log = merge.merge_organisations(survivor, duplicate)
    assert sorted(EventPartner.objects.filter(page=page).values_list("organisation", "role")) == [
        (survivor.pk, "organiser"),
        (survivor.pk, "partner"),
    ]
    assert SessionSpeaker.objects.get().organisation == survivor
    assert Network.objects.get(pk=network.pk).convener == survivor
    assert Affiliation.objects.get(person=speaker).organisation == survivor
    assert Organisation.objects.get(pk=survivor.pk).website == "https://www.iraqicivilsociety.org"
    partners = EventPage.objects.get(pk=page.pk).get_latest_revision().content["partners"]
    assert sorted((entry["organisation"], entry["role"]) for entry in partners) == [
        (survivor.pk, "organiser"),
        (survivor.pk, "partner"),
    ]
    assert any(row["model"] == "events.EventPartner" for row in log.dropped)


def test_the_duplicates_address_redirects_to_the_survivor(client, pair):
    survivor, duplicate = pair
    survivor.public_profile = True
    survivor.save()
    merge.merge_people(survivor, duplicate)
    for language in ("ar", "en"):
        with translation.override(language):
            old, new = f"/{language}/directory/people/ahmad-wahid/", survivor.get_absolute_url()
        assert Redirect.objects.get(old_path=Redirect.normalise_path(old)).redirect_link == new
        response = client.get(old)
        assert response.status_code == 301 and response["Location"] == new


def test_a_failed_merge_changes_nothing(pair, monkeypatch):
    survivor, duplicate = pair
    affiliation = AffiliationFactory(person=duplicate)
    membership = MembershipFactory(person=duplicate)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(merge, "_fill_blanks", broken)
    with pytest.raises(RuntimeError):
        merge.merge_people(survivor, duplicate)
    assert Person.objects.filter(pk=duplicate.pk).exists()
    assert Affiliation.objects.get(pk=affiliation.pk).person_id == duplicate.pk
    assert NetworkMembership.objects.get(pk=membership.pk).person_id == duplicate.pk
    assert not MergeLog.objects.exists()


def test_merge_refuses_the_same_record_or_mixed_kinds(pair):
    survivor, _duplicate = pair
    with pytest.raises(MergeError) as same:
        merge.merge_people(survivor, survivor)
    assert same.value.code == "same_record"
    with pytest.raises(MergeError) as mixed:
        merge.merge_people(survivor, OrganisationFactory())
    assert mixed.value.code == "wrong_kind"


def test_merge_refuses_a_record_deleted_meanwhile(pair):
    survivor, duplicate = pair
    Person.objects.filter(pk=duplicate.pk).delete()
    with pytest.raises(MergeError) as error:
        merge.merge_people(survivor, duplicate)
    assert error.value.code == "missing"


def test_every_relation_to_people_is_covered():
    """A new app that points at Person is merged without changes here: the walk finds it."""
    relations = {f"{model._meta.label}.{field.name}" for model, field in merge.reverse_relations(Person)}
    assert {
        "network.Affiliation.person",
        "network.NetworkMembership.person",
        "network.MergeLog.survivor_person",
        "events.SessionSpeaker.person",
        "registrations.Registration.person",
        "registrations.CalendarFeed.person",
    } <= relations
    organisation_relations = {f"{m._meta.label}.{f.name}" for m, f in merge.reverse_relations(Organisation)}
    assert {"events.EventPartner.organisation", "events.SessionSpeaker.organisation", "network.Network.convener"} <= (
        organisation_relations
    )
