"""Consent, addresses, uniqueness and new/returning members."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from network.membership import new_and_returning
from network.models import NetworkMembership, Person, PublicBasis
from tests.factories.network import (
    AffiliationFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_consent_date_is_recorded_and_cleared_with_the_consent():
    person = PersonFactory(public_profile=False)
    assert person.public_profile_since is None
    person.public_profile = True
    person.save()
    given = person.public_profile_since
    assert given is not None
    person.save()
    assert person.public_profile_since == given
    person.public_profile = False
    person.save()
    assert Person.objects.get(pk=person.pk).public_profile_since is None


def test_a_profile_public_because_an_article_names_the_person_has_a_source_and_no_consent_date():
    person = PersonFactory(
        public_profile=True, public_basis=PublicBasis.PUBLISHED_SOURCE, public_source="«مقال منشور» — a newspaper"
    )
    assert person.public_profile_since is None
    assert Person.objects.public().filter(pk=person.pk).exists()
    person.public_source = "  "
    with pytest.raises(ValidationError) as caught:
        person.full_clean(exclude=["photo", "user"])
    assert "public_source" in caught.value.error_dict
    person.public_basis = PublicBasis.CONSENT
    person.save()
    assert person.public_profile_since is not None


def test_public_url_only_with_consent():
    person = PersonFactory(slug="ahmed-waheed", public_profile=False)
    with translation.override("en"):
        assert person.get_absolute_url() == "/en/directory/people/ahmed-waheed/"
        assert person.public_url == ""
        person.public_profile = True
        assert person.public_url == "/en/directory/people/ahmed-waheed/"


def test_names_follow_the_language():
    person = PersonFactory(name="Ali Sami", name_ar="علي سامي")
    with translation.override("ar"):
        assert (person.display_name, person.other_name) == ("علي سامي", "Ali Sami")
    with translation.override("en"):
        assert (person.display_name, person.other_name) == ("Ali Sami", "علي سامي")
    latin_only = PersonFactory(name="Maya Sukkar", name_ar="")
    with translation.override("ar"):
        assert (latin_only.display_name, latin_only.other_name) == ("Maya Sukkar", "")


def test_the_same_affiliation_cannot_be_recorded_twice():
    affiliation = AffiliationFactory(role="Head")
    with pytest.raises(IntegrityError):
        AffiliationFactory(person=affiliation.person, organisation=affiliation.organisation, role="Head")


def test_a_membership_is_a_person_or_an_organisation_not_both():
    with pytest.raises(IntegrityError):
        MembershipFactory(person=PersonFactory(), organisation=OrganisationFactory())


def test_first_participation_is_the_earlier_of_joining_and_the_event_joined_at():
    membership = MembershipFactory(person=PersonFactory(), joined_on=datetime.date(2021, 3, 1))
    assert membership.first_participation == datetime.date(2021, 3, 1)
    assert membership.is_new_at(datetime.date(2021, 3, 1))
    assert not membership.is_new_at(datetime.date(2021, 3, 2))


def test_new_and_returning_is_computed_from_first_participation():
    network = NetworkFactory()
    veteran, newcomer, stranger = PersonFactory.create_batch(3)
    MembershipFactory(network=network, person=veteran, joined_on=datetime.date(2015, 9, 1))
    MembershipFactory(network=network, person=newcomer, joined_on=datetime.date(2021, 2, 1))
    launch = datetime.date(2021, 2, 1)
    counts = new_and_returning(network, [veteran.pk, newcomer.pk, stranger.pk], on_date=launch)
    assert counts == {"new": 2, "returning": 1}
    assert not hasattr(NetworkMembership, "is_returning")  # never stored, always computed
