"""The public directory: lists, filters, search, pages, consent and privacy."""

import json
import re

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from tests.factories.indexing import indexed_once
from tests.factories.network import (
    AffiliationFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def names_listed(page):
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', page)


def image(name):
    return get_image_model().objects.create(title=name, file=get_test_image_file(f"{name}.png"))


def test_people_list_shows_only_people_with_consent(client):
    PersonFactory(name="Listed Person", name_ar="شخص معلن")
    PersonFactory(name="Hidden Person", name_ar="شخص مخفي", public_profile=False)
    page = html(client, "/en/directory/people/")
    assert names_listed(page) == ["Listed Person"]
    assert "Hidden Person" not in page
    assert "1 person" in page


def test_search_for_ahmed_without_hamza_finds_ahmed_waheed_in_arabic(client):
    PersonFactory(name="Ahmed Waheed", name_ar="أحمد وحيد", slug="ahmed-waheed")
    PersonFactory(name="Ali Sami", name_ar="علي سامي")
    page = html(client, "/ar/directory/people/?q=احمد")
    assert names_listed(page) == ["أحمد وحيد"]
    landing = html(client, "/ar/directory/?q=احمد")
    assert 'href="/ar/directory/people/ahmed-waheed/"' in landing
    assert "علي سامي" not in landing


def test_search_never_finds_people_without_consent(client):
    PersonFactory(name="Secret Ahmed", name_ar="أحمد السري", public_profile=False)
    assert "أحمد السري" not in html(client, "/ar/directory/?q=احمد")
    assert "أحمد السري" not in html(client, "/ar/directory/people/?q=احمد")


def test_filters_combine_and_live_in_the_url(client):
    network = NetworkFactory(slug="alliance")
    in_both = OrganisationFactory(name="Basra Media Hub", kind="media", governorate="basra")
    MembershipFactory(network=network, organisation=in_both)
    OrganisationFactory(name="Basra Youth", kind="youth", governorate="basra")
    outside = OrganisationFactory(name="Baghdad Media", kind="media", governorate="baghdad")
    MembershipFactory(network=network, organisation=outside)
    page = html(client, "/en/directory/organisations/?kind=media&governorate=basra&network=alliance")
    assert names_listed(page) == ["Basra Media Hub"]
    assert 'value="media" selected' in page
    page = html(client, "/en/directory/organisations/?kind=media")
    assert names_listed(page) == ["Baghdad Media", "Basra Media Hub"]


def test_people_filter_by_organisation_and_network(client):
    organisation = OrganisationFactory(slug="icssi", name="ICSSI")
    member = AffiliationFactory(organisation=organisation, person__name="Ali Al-Karkhi").person
    AffiliationFactory(organisation=organisation, person__name="Two Roles", role="A")
    AffiliationFactory(organisation=organisation, person=member, role="Second role")  # two roles, listed once
    PersonFactory(name="Elsewhere")
    network = NetworkFactory(slug="alliance")
    MembershipFactory(network=network, person=member)
    assert names_listed(html(client, "/en/directory/people/?organisation=icssi")) == ["Ali Al-Karkhi", "Two Roles"]
    assert names_listed(html(client, "/en/directory/people/?organisation=icssi&network=alliance")) == ["Ali Al-Karkhi"]


@pytest.mark.parametrize(
    "query",
    [
        "kind=spaceship",
        "country=ZZ",
        "governorate=atlantis",
        "network=no-such-network",
        "kind=ngo&kind=<script>",
    ],
)
def test_unknown_filters_give_an_empty_result_and_a_message(client, query):
    OrganisationFactory(name="Some NGO")
    page = html(client, f"/en/directory/organisations/?{query}")
    assert names_listed(page) == []
    assert "not recognised" in page
    assert "<script>" not in page


def test_unknown_organisation_filter_on_people_is_empty(client):
    PersonFactory(name="Someone")
    page = html(client, "/en/directory/people/?organisation=nope")
    assert names_listed(page) == []


@pytest.mark.parametrize("page_number", ["abc", "0", "99", "-1", "1.5"])
def test_bad_page_numbers_are_not_found(client, page_number):
    PersonFactory()
    page = html(client, f"/en/directory/people/?page={page_number}", status=404)
    assert "There is no such page of results." in page and "Page not found" not in page
    assert 'href="/en/directory/people/">Go to the first page</a>' in page


def test_a_bad_page_number_leads_to_the_first_page_with_the_filters_kept(client):
    OrganisationFactory(name="Media 01", kind="media")
    page = html(client, "/ar/directory/organisations/?kind=media&page=7", status=404)
    assert "لا توجد صفحة نتائج بهذا الرقم." in page
    assert 'href="/ar/directory/organisations/?kind=media">الذهاب إلى الصفحة الأولى</a>' in page
    assert len(names_listed(html(client, "/ar/directory/organisations/?kind=media"))) == 1


def test_pagination_keeps_the_filters(client):
    for number in range(30):
        OrganisationFactory(name=f"Media {number:02d}", kind="media")
    page = html(client, "/en/directory/organisations/?kind=media")
    assert len(names_listed(page)) == 24
    assert 'href="?kind=media&amp;page=2"' in page
    second = html(client, "/en/directory/organisations/?kind=media&page=2")
    assert names_listed(second) == [f"Media {number:02d}" for number in range(24, 30)]


def test_lists_sort_by_the_name_in_the_visitors_script(client):
    PersonFactory(name="Zaid", name_ar="أحمد")
    PersonFactory(name="Adam", name_ar="يوسف")
    assert names_listed(html(client, "/en/directory/people/")) == ["Adam", "Zaid"]
    assert names_listed(html(client, "/ar/directory/people/")) == ["أحمد", "يوسف"]


def test_person_page_shows_profile_without_private_details(client):
    person = PersonFactory(
        name="Fatima Hassan",
        name_ar="فاطمة حسن",
        slug="fatima-hassan",
        email="fatima@private.example.org",
        phone="+964 770 123 4567",
        gender="female",
        title="IT Women project",
        bio="Supports young women entering IT.",
        links=["https://example.org/fatima"],
        photo=image("fatima"),
    )
    AffiliationFactory(person=person, organisation__name="IT Women", organisation__slug="it-women", role="Founder")
    MembershipFactory(person=person, network__name="Tech Network", cohort="Phase 2")
    page = html(client, "/en/directory/people/fatima-hassan/")
    for text in ["Fatima Hassan", "فاطمة حسن", "IT Women project", "Supports young women", "Founder", "Tech Network"]:
        assert text in page
    assert 'href="/en/directory/organisations/it-women/"' in page
    assert "https://example.org/fatima" in page
    for private in ["fatima@private.example.org", "770 123 4567", "female", "Female"]:
        assert private not in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "Person"
    assert data["name"] == "Fatima Hassan"
    assert data["affiliation"][0]["name"] == "IT Women"
    assert "email" not in data and "telephone" not in data


def test_person_without_consent_has_no_page(client):
    PersonFactory(slug="karrar-al-sarai", name="Karrar Al-Sarai", name_ar="كرار السراي", public_profile=False)
    for language in ("en", "ar"):
        page = html(client, f"/{language}/directory/people/karrar-al-sarai/", status=404)
        assert "Karrar Al-Sarai" not in page and "كرار" not in page


@pytest.mark.parametrize(
    "url",
    [
        "/en/directory/people/nobody/",
        "/en/directory/organisations/nothing/",
        "/en/directory/networks/none/",
        "/ar/directory/people/%D9%84%D8%A7-%D8%A3%D8%AD%D8%AF/",
    ],
)
def test_unknown_slugs_are_not_found(client, url):
    page = html(client, url, status=404)
    assert ("الصفحة غير موجودة" if url.startswith("/ar/") else "Page not found") in page


def test_organisation_page_lists_public_people_and_networks(client):
    organisation = OrganisationFactory(
        name="ICSSI",
        slug="icssi",
        description="Brings together civil societies.",
        website="https://www.iraqicivilsociety.org",
        social_links=["https://facebook.com/icssi"],
        logo=image("icssi"),
    )
    AffiliationFactory(organisation=organisation, person__name="Ali Al-Karkhi", role="Activist")
    AffiliationFactory(organisation=organisation, person__name="Private Member", person__public_profile=False)
    network = NetworkFactory(name="Solidarity Network", convener=organisation)
    MembershipFactory(network=NetworkFactory(name="Media Alliance"), organisation=organisation, cohort="Founding")
    page = html(client, "/en/directory/organisations/icssi/")
    for text in ["ICSSI", "Brings together civil societies.", "Ali Al-Karkhi", "Activist", "Media Alliance"]:
        assert text in page
    assert network.name in page and "convener" in page
    assert "Private Member" not in page
    assert "https://www.iraqicivilsociety.org" in page


def test_hidden_organisation_has_no_page_and_is_not_listed(client):
    OrganisationFactory(name="Unlisted Body", slug="unlisted", is_public=False)
    html(client, "/en/directory/organisations/unlisted/", status=404)
    assert "Unlisted Body" not in html(client, "/en/directory/organisations/")


def test_network_page_lists_public_members(client):
    network = NetworkFactory(name="National Social Media Alliance", slug="alliance")
    MembershipFactory(network=network, organisation=OrganisationFactory(name="Security Media Cell"))
    MembershipFactory(network=network, person=PersonFactory(name="Saad Maan"), cohort="Founding workshop")
    MembershipFactory(network=network, person=PersonFactory(name="Quiet Member", public_profile=False))
    page = html(client, "/en/directory/networks/alliance/")
    assert "Security Media Cell" in page and "Saad Maan" in page and "Founding workshop" in page
    assert "Quiet Member" not in page


def test_directory_landing_counts_and_networks(client):
    OrganisationFactory.create_batch(3, kind="media")
    PersonFactory.create_batch(2)
    PersonFactory(public_profile=False)
    NetworkFactory(name="Dialogue Network")
    page = html(client, "/en/directory/")
    assert re.search(r'figure-value">3</span> <span class="figure-label">organisations', page)
    assert re.search(r'figure-value">2</span> <span class="figure-label">people with a public profile', page)
    assert "Dialogue Network" in page
    assert 'href="/en/directory/organisations/?kind=media"' in page


def test_directory_link_appears_in_the_site_navigation(client, demo_site):
    page = html(client, "/ar/")
    assert 'href="/ar/directory/"' in page


@indexed_once()
def _many(rows):
    network = NetworkFactory(slug="big-network")
    logo, photo = image("logo"), image("photo")
    for number in range(rows):
        organisation = OrganisationFactory(name=f"Organisation {number:03d}", logo=logo if number % 2 else None)
        person = PersonFactory(name=f"Person {number:03d}", photo=photo if number % 2 else None)
        AffiliationFactory(person=person, organisation=organisation)
        MembershipFactory(network=network, person=person)
        MembershipFactory(network=network, organisation=organisation)


@pytest.mark.parametrize("rows", [3, 60])
@pytest.mark.parametrize(
    "url",
    [
        "/en/directory/",
        "/ar/directory/?q=person",
        "/en/directory/organisations/",
        "/en/directory/organisations/?q=organisation&network=big-network&kind=ngo",
        "/ar/directory/people/",
        "/ar/directory/people/?q=person&network=big-network&country=IQ",
        "/en/directory/networks/big-network/",
    ],
)
def test_lists_use_a_fixed_number_of_queries(client, django_assert_max_num_queries, rows, url):
    _many(rows)
    client.get(url)  # warm caches (site root, locales, renditions)
    # Session, site and locale lookups for the page chrome (about 6), the filter choices (2),
    # the count and the page of rows (2), and one query per prefetched relation (logos or
    # photos, renditions, affiliations with their organisations).
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 40])
def test_detail_pages_use_a_fixed_number_of_queries(client, django_assert_max_num_queries, rows):
    organisation = OrganisationFactory(slug="busy", logo=image("busy"))
    photo = image("face")
    for _number in range(rows):
        person = PersonFactory(photo=photo)
        AffiliationFactory(person=person, organisation=organisation)
        MembershipFactory(organisation=organisation)
    client.get("/en/directory/organisations/busy/")
    with django_assert_max_num_queries(24):
        assert client.get("/en/directory/organisations/busy/").status_code == 200


def test_sitemap_lists_public_directory_pages_in_both_languages(client, demo_site):
    PersonFactory(slug="ahmed-waheed", email="ahmed@private.example.org")
    PersonFactory(slug="karrar-al-sarai", public_profile=False)
    OrganisationFactory(slug="icssi")
    OrganisationFactory(slug="unlisted", is_public=False)
    NetworkFactory(slug="alliance")
    sitemap = html(client, "/sitemap.xml")
    for path in ("people/ahmed-waheed/", "organisations/icssi/", "networks/alliance/"):
        assert f"/ar/directory/{path}</loc>" in sitemap and f"/en/directory/{path}</loc>" in sitemap
    assert "karrar" not in sitemap and "unlisted" not in sitemap and "private.example.org" not in sitemap
