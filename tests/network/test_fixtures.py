"""The demo directory: every organisation and person of the articles, loaded idempotently."""

import pytest

from fixtures import network as demo
from network.models import Affiliation, Network, NetworkMembership, Organisation, Person, PublicBasis

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


def test_public_people_are_public_because_an_article_names_them_not_by_consent():
    load()
    public = Person.objects.public()
    assert public.count() == len(PEOPLE) - 1
    for person in public:
        assert person.public_basis == PublicBasis.PUBLISHED_SOURCE, person.slug
        assert person.public_source, person.slug
        assert person.public_profile_since is None, person.slug
    assert "Al-Araby Al-Jadeed" in Person.objects.get(slug="khalid-abdullah").public_source
    assert "Karrar Al-Sarai" in Person.objects.get(slug="saad-maan").public_source
    author = Person.objects.get(slug="karrar-al-sarai")
    assert (author.public_profile, author.public_source) == (False, "")


def test_it_women_is_written_as_the_project_writes_it():
    load()
    assert Organisation.objects.get(slug="it-women").name_ar == "مشروع IT Women"
    assert Person.objects.get(slug="fatima-hassan").title_ar == "مشروع IT Women"


def test_the_two_networks_state_no_membership_the_articles_do_not():
    load()
    alliance = Network.objects.get(slug="national-social-media-alliance")
    assert alliance.convener.slug == "unesco-iraq"
    # The article tells of a workshop toward founding the alliance, at which these spoke; it
    # names no member.
    assert not NetworkMembership.objects.filter(network=alliance).exists()
    assert "spoke on founding it" in alliance.description
    assert "Security Media Cell" in alliance.description
    dialogue = Network.objects.get(slug="kaiciid-dialogue-network")
    assert dialogue.convener.slug == "kaiciid"
    assert "72 participants" in dialogue.description
    assert "446 leaders" in dialogue.description
    # IPDC is the programme's partner, not a member.
    assert not NetworkMembership.objects.filter(network=dialogue).exists()
    assert "in cooperation with the network and with the Interreligious Platform" in dialogue.description


def test_memberships_an_earlier_demo_recorded_are_withdrawn_on_the_next_load():
    load()
    alliance = Network.objects.get(slug="national-social-media-alliance")
    dialogue = Network.objects.get(slug="kaiciid-dialogue-network")
    NetworkMembership.objects.create(network=alliance, person=Person.objects.get(slug="saad-maan"))
    cell = Organisation.objects.get(slug="security-media-cell")
    NetworkMembership.objects.create(network=alliance, organisation=cell)
    NetworkMembership.objects.create(network=dialogue, organisation=Organisation.objects.get(slug="ipdc"))
    kept = NetworkMembership.objects.create(network=dialogue, person=Person.objects.get(slug="maya-sukkar"))
    load()
    assert list(NetworkMembership.objects.all()) == [kept]


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
