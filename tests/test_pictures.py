"""core.pictures: a list's pictures come with its rows, and their renditions in one more query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from network.models import Organisation, Person
from network.queries import THUMBNAILS, organisation_cards, person_cards
from tests.factories.network import AffiliationFactory, OrganisationFactory, PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_remembered_renditions")]


def _image(name):
    image = get_image_model().objects.create(title=name, file=get_test_image_file(f"{name}.png"))
    for spec in THUMBNAILS:  # drawn ahead, as publishing and uploading do
        image.get_rendition(spec)
    return image


def test_directory_cards_read_their_pictures_and_renditions_in_one_query_beyond_the_rows():
    logos = [_image(f"logo{number}") for number in range(3)]
    for number in range(6):
        OrganisationFactory(name=f"Organisation {number}", logo=logos[number % 3] if number % 2 else None)
    with CaptureQueriesContext(connection) as queries:
        cards = list(organisation_cards(Organisation.objects.order_by("name")))
        urls = [card.logo.get_rendition(THUMBNAILS[0]).url for card in cards if card.logo]
    assert len(queries.captured_queries) == 2  # the rows with their logos, then the renditions
    assert len(urls) == 3 and all(THUMBNAILS[0].replace("-", "") in url.replace("-", "") for url in urls)


def test_people_cards_read_photos_renditions_and_affiliations_in_fixed_queries():
    photo = _image("face")
    for number in range(5):
        person = PersonFactory(name=f"Person {number}", photo=photo if number % 2 else None)
        AffiliationFactory(person=person)
    with CaptureQueriesContext(connection) as queries:
        cards = list(person_cards(Person.objects.order_by("name")))
        srcs = [card.photo.get_rendition(spec).url for card in cards if card.photo for spec in THUMBNAILS]
        organisations = [affiliation.organisation.name for card in cards for affiliation in card.affiliations.all()]
    assert len(queries.captured_queries) == 3  # rows with photos, renditions, affiliations
    assert len(srcs) == 4 and len(organisations) <= 5
