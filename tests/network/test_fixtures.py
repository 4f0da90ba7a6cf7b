"""The demo directory: every organisation and person of the articles, loaded idempotently."""

import pytest

from fixtures import network as demo
from network.models import Affiliation, Network, NetworkMembership, Organisation, Person

pytestmark = pytest.mark.django_db

PEOPLE = {
    "ali-fadhil", "ahmed-waheed", "mohammed-qasim", "ali-sami", "mohammed-issa", "ali-al-karkhi",
    "ghailan-al-jubouri", "fatima-hassan", "faisal-bin-muaammar", "maya-sukkar", "hani-dawa", "saad-maan",
    "ammar-taher", "fuad-hussein", "khalid-abdullah", "karrar-al-sarai",
}  # fmt: skip
ORGANISATIONS = {
    "icssi", "tawasul", "al-mahatta", "iraqi-pharmacy-students-team", "democracy-support-fund", "liajliha",
    "dialas", "why-not-bosnia", "ngo-directorate", "iraqi-network-community-media", "action-c",
    "al-aalem-al-jadeed", "tabanni", "nissan-institute", "press-freedom-society", "sons-of-displaced-maysan",
    "amargi-center", "iraqi-observatory-human-rights", "code-for-iraq", "it-women", "ieee", "sahr-al-maarifa-it",
    "moon-gate-it", "mikrotik", "kaiciid", "ipdc", "unesco-iraq", "european-union", "security-media-cell",
    "council-of-deans-media", "university-of-baghdad-media", "ministry-foreign-affairs", "national-security-advisory",
}  # fmt: skip


def load():
    demo.load(lambda message: None)


def test_every_record_of_the_articles_is_there_in_both_scripts():
    load()
    assert set(Person.objects.values_list("slug", flat=True)) == PEOPLE
    assert set(Organisation.objects.values_list("slug", flat=True)) == ORGANISATIONS
    for record in [*Person.objects.all(), *Organisation.objects.all()]:
        assert record.name and record.name_ar, record.slug
    assert Person.objects.get(slug="ahmed-waheed").name_ar == "أحمد وحيد"
    assert Organisation.objects.get(slug="ngo-directorate").kind == "government"


def test_affiliations_from_the_articles():
    load()
    pairs = set(Affiliation.objects.values_list("person__slug", "organisation__slug"))
    assert {("ali-al-karkhi", "icssi"), ("ghailan-al-jubouri", "icssi"), ("fatima-hassan", "it-women")} <= pairs
    assert ("ali-sami", "mikrotik") in pairs


def test_speakers_are_public_and_nobody_has_invented_contact_details():
    load()
    assert set(Person.objects.filter(public_profile=False).values_list("slug", flat=True)) == {"karrar-al-sarai"}
    assert not Person.objects.exclude(email="").exists()
    assert not Person.objects.exclude(phone="").exists()


def test_the_two_networks_and_their_members():
    load()
    alliance = Network.objects.get(slug="national-social-media-alliance")
    assert alliance.convener.slug == "unesco-iraq"
    members = set(NetworkMembership.objects.filter(network=alliance).values_list("organisation__slug", flat=True))
    assert "security-media-cell" in members
    dialogue = Network.objects.get(slug="kaiciid-dialogue-network")
    assert dialogue.convener.slug == "kaiciid"
    assert "72 participants" in dialogue.description


def test_loading_twice_changes_nothing():
    load()
    models = (Person, Organisation, Affiliation, Network, NetworkMembership)
    counts = [model.objects.count() for model in models]
    load()
    assert [model.objects.count() for model in models] == counts


def test_a_record_created_first_by_the_events_loader_is_completed():
    Person.objects.create(slug="ahmed-waheed", name="Ahmed Waheed", name_ar="")
    Organisation.objects.create(slug="icssi", name="ICSSI")
    load()
    assert Person.objects.filter(slug="ahmed-waheed").count() == 1
    assert Person.objects.get(slug="ahmed-waheed").name_ar == "أحمد وحيد"
    assert Organisation.objects.get(slug="icssi").acronym == "ICSSI"
