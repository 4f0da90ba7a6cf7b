"""The public API's directory: organisations listed in it and people with a public profile,
with the directory pages' filters, in the language asked for, and nobody else."""

import pytest

from tests.api import public_world as world
from tests.factories.events import image
from tests.factories.network import (
    AffiliationFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

public_world, public_api = world.public_world, world.public_api  # the fixtures these tests use


def names(answer):
    return [item["name"] for item in answer["items"]]


def test_organisations_listed_in_the_directory_in_the_order_of_the_language(public_world, public_api):
    arabic = public_api("organisations?lang=ar")
    assert arabic["count"] == 2 and names(arabic) == ["شبكة السلام", "منتدى المجتمع المدني"]
    english = public_api("organisations?lang=en")
    assert names(english) == ["Iraqi Civil Society Forum", "Peace Network"]
    first = english["items"][0]
    assert first["id"] == public_world["organiser"].pk and first["slug"] == "icsf"
    assert first["other_name"] == "منتدى المجتمع المدني" and first["kind"] == {"code": "ngo", "label": "NGO"}
    assert first["country"] == {"code": "IQ", "label": "Iraq"} and first["governorate"]["label"] == "Baghdad"
    assert first["urls"] == {
        "ar": "http://testserver/ar/directory/organisations/icsf/",
        "en": "http://testserver/en/directory/organisations/icsf/",
    }
    assert "Unlisted Office" not in str(english) and "unlisted" not in str(english)


def test_one_organisation_by_slug_or_id(public_world, public_api):
    organiser = public_world["organiser"]
    organiser.description, organiser.website = "A forum of civil society.", "https://icsf.example.org"
    organiser.save()
    by_slug = public_api("organisations/icsf?lang=en")
    assert by_slug == public_api(f"organisations/{organiser.pk}?lang=en")
    assert by_slug["description"] == "A forum of civil society." and by_slug["website"] == "https://icsf.example.org"
    for reference in ("unlisted", public_world["unlisted"].pk, "nobody"):
        answer = public_api(f"organisations/{reference}?lang=en", status=404)
        assert answer == {
            "detail": "There is no organisation in the directory with this slug or id.",
            "code": "not_found",
        }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=network", ["Peace Network"]),
        ("kind=ngo&country=IQ", ["Iraqi Civil Society Forum"]),
        ("governorate=baghdad", ["Iraqi Civil Society Forum", "Peace Network"]),
        ("governorate=basra", []),
        ("q=peace", ["Peace Network"]),
        ("q=السلام", ["Peace Network"]),
        ("network=convened", ["Peace Network"]),
    ],
)
def test_organisation_filters(public_world, public_api, query, expected):
    MembershipFactory(network=NetworkFactory(slug="convened"), organisation=public_world["partner"])
    answer = public_api(f"organisations?lang=en&{query}")
    assert names(answer) == expected and answer["count"] == len(expected)


def test_people_with_a_public_profile_and_nobody_else(public_world, public_api):
    answer = public_api("people?lang=en")
    assert answer["count"] == 1 and names(answer) == ["Layla Hassan"]
    (layla,) = answer["items"]
    assert layla["other_name"] == "ليلى حسن" and layla["title"] == "Researcher"
    assert layla["urls"]["ar"] == "http://testserver/ar/directory/people/layla/"
    # Her affiliation with an organisation the directory does not list is not there.
    assert [(item["name"], item["role"]) for item in layla["affiliations"]] == [
        ("Iraqi Civil Society Forum", "Researcher")
    ]
    assert public_api("people?lang=ar")["items"][0]["affiliations"][0]["role"] == "باحثة"


def test_one_person_by_slug_or_id(public_world, public_api):
    layla, zaid = public_world["layla"], public_world["zaid"]
    answer = public_api("people/layla?lang=ar")
    assert answer == public_api(f"people/{layla.pk}?lang=ar")
    assert answer["name"] == "ليلى حسن" and answer["biography"] == "تعمل على الحوار." and answer["links"] == []
    for reference in ("zaid", zaid.pk, "123456"):
        refused = public_api(f"people/{reference}?lang=ar", status=404)
        assert refused == {"detail": "لا يوجد في الدليل شخص بهذا الاسم المختصر أو المعرّف.", "code": "not_found"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("organisation=icsf", ["Layla Hassan"]),
        ("organisation=peace", []),
        ("q=ليلى", ["Layla Hassan"]),
        ("q=layla hassan", ["Layla Hassan"]),
        ("q=zaid", []),
        ("governorate=basra&country=IQ", ["Layla Hassan"]),
    ],
)
def test_people_filters(public_world, public_api, query, expected):
    answer = public_api(f"people?lang=en&{query}")
    assert names(answer) == expected and answer["count"] == len(expected)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("people?organisation=unlisted", "organisation"),
        ("people?network=none-such", "network"),
        ("people?country=ZZ", "country"),
        ("people?governorate=atlantis", "governorate"),
        ("organisations?kind=club", "kind"),
        ("organisations?limit=500", "limit"),
        ("people/no%20such", "reference"),
    ],
)
def test_refusals(public_world, public_api, query, field):
    answer = public_api(f"{query}&lang=en" if "?" in query else f"{query}?lang=en", status=422)
    assert answer["code"] == "invalid" and [error["field"] for error in answer["errors"]] == [field]
    assert all(error["message"] for error in answer["errors"])


def _directory(number):
    """``number`` organisations and ``number`` public people, each with a picture and an
    affiliation."""
    logo, photo = image("logo"), image("photo")
    for _ in range(number):
        organisation = OrganisationFactory(logo=logo)
        person = PersonFactory(photo=photo)
        AffiliationFactory(person=person, organisation=organisation)
    PersonFactory(participant=True)


@pytest.mark.parametrize("number", [3, 40])
def test_directory_lists_take_the_same_queries_for_3_or_40(demo_site, client, number, django_assert_max_num_queries):
    _directory(number)
    client.get("/api/v1/organisations?limit=100"), client.get("/api/v1/people?limit=100")  # renditions made once
    # The count, the page, the logos and their renditions.
    with django_assert_max_num_queries(4):
        organisations = client.get("/api/v1/organisations?limit=100").json()
    # The count, the page, the photos and their renditions, the affiliations with their organisations.
    with django_assert_max_num_queries(5):
        people = client.get("/api/v1/people?limit=100").json()
    assert organisations["count"] == number and all(item["logo"] for item in organisations["items"])
    assert people["count"] == number and all(item["photo"] and item["affiliations"] for item in people["items"])
    # With a filter: the filter form's choices (countries, networks) and the organisation it names.
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/people?limit=100&country=IQ&governorate=basra").json()["count"] == number
