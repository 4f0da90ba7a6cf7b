"""Directory addresses are made from names (either script), never from an email address."""

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed

from network import people
from network.models import Organisation, Person
from network.slugs import slug_base, slug_is_from_names, unique_slug
from tests.factories.accounts import UserFactory
from tests.factories.registrations import participant

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("names", "base"),
    [
        (("Ahmed Waheed", "أحمد وحيد"), "ahmed-waheed"),
        (("", "سارة هادي"), "sara-hady"),
        (("", "عبدالله"), "abdallh"),
        (("Zoë Müller",), "zoe-muller"),
        (("", "!!"), "record"),
    ],
)
def test_slug_base_prefers_the_latin_name_and_transliterates_arabic(names, base):
    assert slug_base(*names) == base


def test_unique_slug_adds_a_short_suffix_and_avoids_taken_ones():
    first = unique_slug(Person, "Noor Ali")
    assert first.startswith("noor-ali-") and len(first) == len("noor-ali-") + 6
    taken = {first}
    second = unique_slug(Person, "Noor Ali", taken=taken)
    assert second != first and second in taken
    assert slug_is_from_names(first, "Noor Ali") and not slug_is_from_names("secret-ab12cd", "Noor Ali")


def test_a_new_account_gets_no_address_from_its_email(demo_site):
    user = UserFactory(email="very.private.name@example.org", verified=False)
    email_confirmed.send(sender=EmailAddress, request=None, email_address=EmailAddress.objects.get(user=user))
    person = Person.objects.get(user=user)
    assert "private" not in person.slug and "very" not in person.slug
    assert person.slug.startswith("participant-")


def test_going_public_gives_an_address_from_the_name(client, demo_site):
    user, person = participant(name="", name_ar="")
    person.slug = "very-private-name-1a2b3c"  # as addresses were made before, from the email
    person.email = "very.private.name@example.org"
    person.save()
    client.force_login(user)
    client.post("/ar/my/profile/", {"name_ar": "نور علي", "public_profile": "on"})
    person.refresh_from_db()
    assert person.public_profile
    assert person.slug.startswith("nwr-aly-"), person.slug
    assert "private" not in person.slug
    # Saving again keeps the address: a public page's link does not move.
    client.post("/ar/my/profile/", {"name_ar": "نور علي", "name": "Noor Ali", "public_profile": "on"})
    slug = person.slug
    person.refresh_from_db()
    assert person.slug == slug


def test_a_public_address_already_made_from_the_name_is_kept(demo_site):
    _user, person = participant(name="Noor Ali")
    person.slug = "noor-ali"
    person.save()
    people.save_profile(person, {"public_profile": True})
    person.refresh_from_db()
    assert person.slug == "noor-ali"


def test_organisations_named_in_a_profile_get_a_slug_from_their_name(demo_site):
    _user, person = participant(name="A")
    people.save_profile(person, {}, organisation="منظمة تواصل")
    organisation = Organisation.objects.get(name_ar="منظمة تواصل")
    assert organisation.slug.startswith("mnzma-twasl-")
