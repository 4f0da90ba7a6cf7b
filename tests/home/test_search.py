"""The site search: events, pages, organisations and consenting people, whatever the spelling."""

import re

import pytest

from tests.factories.events import event_page, image
from tests.factories.network import AffiliationFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def indexes(demo_site):
    from events.models import EventIndexPage

    return {code: EventIndexPage.objects.get(locale__language_code=code) for code in ("ar", "en")}


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def group(html, kind):
    """The text of one group of results ("events", "organisations", "people", "pages")."""
    found = re.search(rf'<section[^>]*id="search-{kind}".*?</section>', html, re.S)
    return found.group(0) if found else ""


@pytest.fixture
def directory():
    icssi = OrganisationFactory(
        name="Iraqi Civil Society Solidarity Initiative", name_ar="مبادرة التضامن مع المجتمع المدني", acronym="ICSSI"
    )
    hidden = OrganisationFactory(name="Hidden ICSSI Partner", name_ar="شريك", is_public=False)
    media = OrganisationFactory(name="Media Without Borders", name_ar="إعلام بلا حدود")
    ahmed = PersonFactory(name="Ahmed Waheed", name_ar="أحمد وحيد", title="Trainer", title_ar="مدرّب")
    AffiliationFactory(person=ahmed, organisation=icssi)
    private = PersonFactory(name="Ahmed Sirri", name_ar="احمد سري", public_profile=False)
    return {"icssi": icssi, "hidden": hidden, "media": media, "ahmed": ahmed, "private": private}


def test_an_acronym_finds_the_organisation_and_not_a_hidden_one(client, indexes, search_index, directory):
    search_index()
    html = html_of(client, "/ar/search/?q=ICSSI")
    organisations = group(html, "organisations")
    assert "مبادرة التضامن مع المجتمع المدني" in organisations
    assert "شريك" not in html and "Hidden ICSSI Partner" not in html
    assert "ICSSI" in organisations


@pytest.mark.parametrize("query", ["أحمد", "احمد", "اَحمد", "Ahmed"])
def test_people_are_found_by_any_spelling_only_with_consent(client, indexes, search_index, directory, query):
    search_index()
    html = html_of(client, f"/ar/search/?q={query}")
    people = group(html, "people")
    assert "أحمد وحيد" in people
    assert "مدرّب" in people  # the title, and the organisation, as the directory's card shows them
    assert "مبادرة التضامن" in people
    assert "سري" not in html and "Sirri" not in html
    for private in (directory["ahmed"].email, directory["ahmed"].phone, directory["private"].email):
        assert private not in html


def test_the_article_and_hamza_make_no_difference(client, indexes, search_index, directory):
    event_page(indexes["ar"], title="ورشة الإعلام الرقمي", slug="digital-media")
    event_page(indexes["ar"], title="منتدى إعلام الشباب", slug="youth-media")
    event_page(indexes["ar"], title="مؤتمر الزراعة", slug="farming")
    search_index()
    with_article = html_of(client, "/ar/search/?q=الإعلام")
    without = html_of(client, "/ar/search/?q=إعلام")
    for html in (with_article, without):
        events = group(html, "events")
        assert "ورشة الإعلام الرقمي" in events and "منتدى إعلام الشباب" in events
        assert "مؤتمر الزراعة" not in events
        assert "إعلام بلا حدود" in group(html, "organisations")
    assert html_of(client, "/ar/search/?q=الاعلام").count('<article class="card event-card') == 2
    # The events index's own search folds the same way.
    index = html_of(client, "/ar/events/?q=الإعلام")
    assert "منتدى إعلام الشباب" in index and "مؤتمر الزراعة" not in index


def test_a_word_with_for_or_and_joined_to_it_and_an_events_topics_are_found(client, indexes, search_index):
    """«الإعلام» finds «للإعلام» (for the media), «والإعلام» (and the media) and an event filed
    under the topic «الإعلام», on the site search and the events index alike."""
    event_page(indexes["ar"], title="الأمان الرقمي للإعلام المجتمعي", slug="digital-safety")
    event_page(indexes["ar"], title="ملتقى الصحافة والإعلام", slug="press")
    event_page(indexes["ar"], title="مؤتمر بوينت العراق", slug="point", tags=["الإعلام", "الشباب"])
    event_page(indexes["ar"], title="مؤتمر الزراعة", slug="farming", tags=["الزراعة"])
    event_page(indexes["en"], title="Point Iraq", slug="point-en", tags=["Media"])
    search_index()
    for query in ("الإعلام", "إعلام", "للإعلام"):
        events = group(html_of(client, f"/ar/search/?q={query}"), "events")
        for title in ("الأمان الرقمي للإعلام المجتمعي", "ملتقى الصحافة والإعلام", "مؤتمر بوينت العراق"):
            assert title in events, (query, title)
        assert "مؤتمر الزراعة" not in events
        index = html_of(client, f"/ar/events/?q={query}")
        assert "مؤتمر بوينت العراق" in index and "الأمان الرقمي للإعلام المجتمعي" in index
    assert "Point Iraq" in group(html_of(client, "/en/search/?q=media"), "events")


def test_results_are_grouped_by_kind(client, indexes, search_index, directory):
    event_page(indexes["ar"], title="لقاء أحمد مع الشبكة", slug="meeting-ahmed")
    search_index()
    html = html_of(client, "/ar/search/?q=احمد")
    positions = [html.find(f'id="search-{kind}"') for kind in ("events", "people")]
    assert all(position > 0 for position in positions)
    assert "لقاء أحمد مع الشبكة" in group(html, "events")
    assert "أحمد وحيد" not in group(html, "events")
    assert "نتيجتان مطابقتان لـ«احمد»" in html  # the event and the consenting person


def test_pages_are_found_in_the_visitors_language(client, indexes, search_index):
    search_index()
    english = html_of(client, "/en/search/?q=platform")
    assert "About Multaqa" in group(english, "pages")
    assert group(english, "events") == ""
    arabic = html_of(client, "/ar/search/?q=ملتقى")
    assert "عن ملتقى" in group(arabic, "pages")
    assert "About Multaqa" not in arabic


def test_events_of_an_organisation_are_found_by_its_short_name(client, indexes, search_index, directory):
    event_page(indexes["en"], title="Solidarity Forum", slug="solidarity", partners=[(directory["icssi"], "organiser")])
    search_index()
    html = html_of(client, "/en/search/?q=icssi")
    assert "Solidarity Forum" in group(html, "events")
    assert "Iraqi Civil Society Solidarity Initiative" in group(html, "organisations")


@pytest.mark.parametrize("query", ["", "   ", "!!!", "«»"])
def test_a_query_without_words_lists_nothing(client, indexes, search_index, query):
    search_index()
    html = html_of(client, f"/en/search/?q={query}")
    assert "<h1>Search</h1>" in html
    assert "search-group" not in html


def test_nothing_found_says_so(client, indexes, search_index, directory):
    search_index()
    html = html_of(client, "/en/search/?q=zzzqqq")
    assert "Nothing matched “zzzqqq”." in html


def _fill(indexes, count):
    for number in range(count):
        event_page(
            indexes["ar"], title=f"ملتقى الحوار {number}", slug=f"dialogue-{number}", image=image(f"cover-{number}")
        )
        organisation = OrganisationFactory(name=f"Dialogue House {number}", name_ar=f"بيت الحوار {number}")
        organisation.logo = image(f"logo-{number}")
        organisation.save()
        person = PersonFactory(name=f"Dialogue Fellow {number}", name_ar=f"زميل الحوار {number}")
        person.photo = image(f"photo-{number}")
        person.save()
        AffiliationFactory(person=person, organisation=organisation)


@pytest.mark.parametrize("count", [3, 40])
def test_the_search_page_makes_a_fixed_number_of_queries(
    client, indexes, search_index, django_assert_max_num_queries, count
):
    _fill(indexes, count)
    search_index()
    client.get("/ar/search/?q=الحوار")  # renditions are made on the first view
    # The locale and two view-restriction lookups (3); events: count, page, images, renditions
    # (4); pages: count, and a page when any match (2); organisations: count, page, logos,
    # renditions (4); people: count, page, photos, renditions, affiliations (5); the events
    # index (1); the site, navigation, language links and footer (7).
    with django_assert_max_num_queries(27):
        html = html_of(client, "/ar/search/?q=الحوار")
    assert html.count('<article class="card event-card') == min(count, 6)
    assert group(html, "organisations").count('<article class="card directory-card"') == min(count, 6)
    assert group(html, "people").count('<article class="card directory-card"') == min(count, 6)
    if count > 6:
        assert f"?q={'الحوار'}" in html or "?q=%D8%A7%D9%84%D8%AD%D9%88%D8%A7%D8%B1" in html
