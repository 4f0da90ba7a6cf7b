"""The events widget partner sites embed (events/widget.py): the frame lists a language's upcoming
public events, all of them or an organisation's or a network's; it may be framed by any site
while every other page still refuses framing; it sets no cookie; bad parameters get a message
in the frame; and the builder page gives the snippet for what a partner chose."""

import datetime as dt
import html as html_module
import re

import pytest
from django.utils import timezone
from wagtail.models import Locale

from core import pagecache
from events.models import EventPage
from events.widget import frame
from network.models import Network, Organisation
from tests.factories.attendance import plan
from tests.factories.events import event_page, image, translate
from tests.factories.network import NetworkFactory, OrganisationFactory
from tests.quality.references import missing_references

pytestmark = pytest.mark.django_db

FRAME = "/embed/events/"


def soon(days, hours=3):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    return {"start": start, "end": start + dt.timedelta(hours=hours)}


@pytest.fixture
def partners(events_index, demo_snapshots):
    """Two organisations and a network, and events in Arabic with English translations: one
    organised by the first organisation and tied to the network, one partnered by the second,
    one without either, one past, one unpublished (built once per session, copied back after)."""
    demo_snapshots.load("widget-partners", lambda: build_partners(events_index))
    organisations = {record.slug: record for record in Organisation.objects.all()}
    pages = {page.title: page for page in EventPage.objects.filter(locale__language_code="ar")}
    return {
        "first": organisations["al-amal"],
        "second": organisations["masarat"],
        "network": Network.objects.get(slug="dialogue"),
        "events": {name: pages[title] for name, title in ARABIC_TITLES.items()},
    }


ARABIC_TITLES = {
    "dialogue": "ملتقى الحوار",
    "media": "ورشة الإعلام",
    "open": "منتدى مفتوح",
    "past": "مؤتمر سابق",
    "draft": "مسودة",
}
ENGLISH_TITLES = {
    "dialogue": "Dialogue forum",
    "media": "Media workshop",
    "open": "Open forum",
    "past": "Past conference",
}


def build_partners(events_index):
    first = OrganisationFactory(name="Iraqi Al-Amal", name_ar="جمعية الأمل العراقية", slug="al-amal")
    second = OrganisationFactory(name="Masarat", name_ar="مؤسسة مسارات", slug="masarat")
    OrganisationFactory(name="Quiet group", slug="quiet", is_public=False)
    network = NetworkFactory(name="Dialogue Network", name_ar="شبكة الحوار", slug="dialogue")
    index = events_index["ar"]
    made = {
        "dialogue": event_page(index, title=ARABIC_TITLES["dialogue"], partners=[(first, "organiser")], **soon(10)),
        "media": event_page(index, title=ARABIC_TITLES["media"], partners=[(second, "partner")], **soon(20)),
        "open": event_page(index, title=ARABIC_TITLES["open"], **soon(30)),
        "past": event_page(index, title=ARABIC_TITLES["past"], partners=[(first, "organiser")], **soon(-30)),
        "draft": event_page(
            index, title=ARABIC_TITLES["draft"], partners=[(first, "organiser")], publish=False, live=False, **soon(5)
        ),
    }
    for name, title in ENGLISH_TITLES.items():
        translate(made[name], title=title, slug=made[name].slug)
    plan(made["dialogue"]).networks.set([network])


def get(client, query="", status=200):
    response = client.get(FRAME + query)
    assert response.status_code == status, response.content.decode()[:2000]
    return response


def titles(response):
    """The titles of the event cards in the frame, in order."""
    found = re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', response.content.decode())
    return [html_module.unescape(title) for title in found]


@pytest.mark.parametrize(
    ("lang", "direction", "listed", "heading"),
    [
        ("ar", "rtl", ["ملتقى الحوار", "ورشة الإعلام", "منتدى مفتوح"], "الفعاليات القادمة"),
        ("en", "ltr", ["Dialogue forum", "Media workshop", "Open forum"], "Upcoming events"),
    ],
)
def test_lists_the_languages_upcoming_public_events_soonest_first(client, partners, lang, direction, listed, heading):
    response = get(client, f"?lang={lang}")
    page = response.content.decode()
    assert titles(response) == listed
    assert f'<html lang="{lang}" dir="{direction}">' in page
    assert response["Content-Language"] == lang
    assert f'<h2 class="widget-heading">{heading}</h2>' in page
    dialogue = partners["events"]["dialogue"].get_translation(Locale.objects.get(language_code=lang))
    assert f'href="{dialogue.url}"' in page and dialogue.url.startswith(f"/{lang}/events/")
    # Every link leaves the frame for the partner's whole tab.
    assert '<base target="_top">' in page


def test_without_a_language_the_frame_is_in_the_default_language(client, partners):
    response = get(client)
    assert titles(response) == ["ملتقى الحوار", "ورشة الإعلام", "منتدى مفتوح"]
    assert response["Content-Language"] == "ar"


def test_filtered_by_organisation_in_both_languages(client, partners):
    assert titles(get(client, "?lang=ar&organisation=al-amal")) == ["ملتقى الحوار"]
    english = get(client, "?lang=en&organisation=al-amal")
    assert titles(english) == ["Dialogue forum"]
    page = english.content.decode()
    assert "Upcoming events with Iraqi Al-Amal" in page
    # The last link leads to the organisation's directory page, in the frame's language.
    assert 'href="/en/directory/organisations/al-amal/"' in page
    assert titles(get(client, "?lang=en&organisation=masarat")) == ["Media workshop"]


def test_filtered_by_network_in_both_languages(client, partners):
    assert titles(get(client, "?lang=ar&network=dialogue")) == ["ملتقى الحوار"]
    english = get(client, "?lang=en&network=dialogue")
    assert titles(english) == ["Dialogue forum"]
    assert 'href="/en/directory/networks/dialogue/"' in english.content.decode()


def test_the_index_filters_narrow_the_list_too(client, partners):
    partners["events"]["media"].kind = "workshop"
    partners["events"]["media"].save_revision().publish()
    assert titles(get(client, "?lang=ar&kind=workshop")) == ["ورشة الإعلام"]


def test_limit_and_new_tab(client, partners):
    response = get(client, "?lang=en&limit=2&target=blank")
    assert titles(response) == ["Dialogue forum", "Media workshop"]
    assert '<base target="_blank">' in response.content.decode()


def test_an_organisation_without_upcoming_events_gets_a_friendly_line(client, partners):
    organisation = OrganisationFactory(slug="newcomer")
    page = get(client, f"?lang=en&organisation={organisation.slug}").content.decode()
    assert "No upcoming events are published yet." in page
    assert titles(get(client, "?lang=en&organisation=newcomer")) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?lang=en&organisation=nobody", "There is no organisation “nobody” in the directory."),
        # Not in the public directory: as good as unknown.
        ("?lang=en&organisation=quiet", "There is no organisation “quiet” in the directory."),
        ("?lang=en&network=nowhere", "There is no network “nowhere” in the directory."),
        ("?lang=en&limit=500", "Choose a number of events from 1 to 20."),
        ("?lang=en&limit=0", "Choose a number of events from 1 to 20."),
        ("?lang=en&limit=many", "Choose a number of events from 1 to 20."),
        ("?lang=en&limit=99999999999999999999999", "Choose a number of events from 1 to 20."),
        ("?lang=en&target=_parent", "Links open in the same tab (top) or in a new tab (blank), not “_parent”."),
        ("?lang=en&kind=picnic", "Kind: Select a valid choice. picnic is not one of the available choices."),
        ("?lang=en&organisation=" + "x" * 400, "There is no organisation"),
    ],
)
def test_bad_parameters_get_a_clear_message_in_the_frame(client, partners, query, message):
    response = get(client, query, status=400)
    page = html_module.unescape(response.content.decode())
    assert "This events widget cannot be shown:" in page
    assert message in page
    assert titles(response) == []
    assert 'href="/en/widget/"' in page
    # Still a page any site may frame, and still no cookie.
    assert "X-Frame-Options" not in response and not response.cookies


def test_a_bad_parameter_is_explained_in_arabic_in_an_arabic_frame(client, partners):
    page = html_module.unescape(get(client, "?lang=ar&organisation=nobody", status=400).content.decode())
    assert "لا توجد" in page or "لا يوجد" in page
    assert "nobody" in page and 'dir="rtl"' in page


def test_an_unknown_language_is_explained_in_every_language(client, partners):
    response = get(client, "?lang=fr", status=400)
    page = html_module.unescape(response.content.decode())
    assert "There is no language “fr”: choose ar (Arabic) or en (English)." in page
    blocks = re.findall(r'<div lang="(\w+)" dir="(\w+)">', page)
    assert blocks == [("ar", "rtl"), ("en", "ltr")]
    assert re.search(r'<div lang="ar" dir="rtl">.*?fr.*?</div>', page, re.S)


def test_the_frame_sets_no_cookie_of_any_kind(client, partners, settings):
    for query in ("?lang=ar", "?lang=en&organisation=al-amal", "?lang=fr", "?limit=500"):
        response = client.get(FRAME + query)
        assert not response.cookies, (query, response.cookies)
        assert "Set-Cookie" not in response
        for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME):
            assert name not in client.cookies


def policy(response):
    return {
        name: sources
        for name, *sources in (part.split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    }


def test_any_site_may_frame_the_widget_whose_policy_stays_strict(client, partners):
    response = get(client, "?lang=en")
    rules = policy(response)
    assert rules["frame-ancestors"] == ["*"]
    assert "X-Frame-Options" not in response
    assert rules["script-src"] == ["'self'"] and rules["style-src"] == ["'self'"]
    assert rules["default-src"] == ["'self'"] and rules["font-src"] == ["'self'"]
    assert rules["connect-src"] == ["'self'"] and rules["object-src"] == ["'none'"]
    assert rules["frame-src"] == ["'none'"] and rules["base-uri"] == ["'self'"]
    assert "<script>" not in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"


def test_every_other_page_still_refuses_framing(client, partners):
    event = partners["events"]["dialogue"]
    for url in (
        "/ar/",
        "/en/events/",
        event.url,
        "/en/widget/",
        "/en/widget/?organisation=al-amal",
        "/en/directory/organisations/al-amal/",
        "/en/calendar/upcoming.ics",
        "/embed",
        "/en/embed/events/",
    ):
        response = client.get(url, follow=True)
        assert response["X-Frame-Options"] == "DENY", url
        if "Content-Security-Policy" in response:
            assert policy(response)["frame-ancestors"] == ["'none'"], url


def test_the_page_cache_shares_the_frame_and_a_hit_may_still_be_framed(client, partners, settings):
    settings.PAGE_CACHE_SECONDS = 60
    pagecache.store().clear()
    first = client.get(FRAME + "?lang=en")
    second = client.get(FRAME + "?lang=en")
    assert first[pagecache.HEADER] == "miss" and second[pagecache.HEADER] == "hit"
    assert second.content == first.content
    for response in (first, second):
        assert policy(response)["frame-ancestors"] == ["*"] and "X-Frame-Options" not in response
        assert response["Content-Language"] == "en" and not response.cookies
    # Each language and each organisation has its own entry.
    assert titles(client.get(FRAME + "?lang=ar")) == ["ملتقى الحوار", "ورشة الإعلام", "منتدى مفتوح"]
    assert titles(client.get(FRAME + "?lang=en&organisation=al-amal")) == ["Dialogue forum"]


def test_a_cached_frame_expires_when_its_first_event_ends(client, partners, settings, rf):
    settings.PAGE_CACHE_SECONDS = 3600
    request = rf.get(FRAME)
    request.page_cache = pagecache.Pending("generation")
    frame(request)
    assert request.page_cache.until == partners["events"]["dialogue"].end


@pytest.mark.parametrize("count", [3, 40])
def test_frame_query_count_does_not_grow(client, events_index, django_assert_max_num_queries, count):
    organisation = OrganisationFactory(slug="busy")
    for number in range(count):
        event_page(
            events_index["ar"],
            title=f"Event {number}",
            partners=[(organisation, "organiser")],
            image=image(f"cover-{number}") if number % 2 else None,
            **soon(number + 1),
        )
    client.get(FRAME + "?lang=ar&organisation=busy&limit=20")
    with django_assert_max_num_queries(FRAME_QUERY_BUDGET):
        response = client.get(FRAME + "?lang=ar&organisation=busy&limit=20")
    assert len(titles(response)) == min(count, 20)


# The same seven for 3 and for 40 events (20 shown): the organisation, the locale, the pages'
# view restrictions, the events, their images, the images' renditions, and the site (for the
# links' addresses).
FRAME_QUERY_BUDGET = 7


def test_builder_gives_both_snippets_for_the_organisation_and_language_chosen(client, partners):
    response = client.get("/en/widget/?organisation=al-amal&lang=ar&limit=3")
    assert response.status_code == 200
    page = response.content.decode()
    shown = html_module.unescape(page)
    assert (
        '<script src="http://testserver/static/events/widget/widget.js" data-lang="ar" '
        'data-organisation="al-amal" data-limit="3" async></script>'
    ) in shown
    assert '<iframe src="http://testserver/embed/events/?lang=ar&amp;organisation=al-amal&amp;limit=3"' in shown
    assert 'title="الفعاليات القادمة مع جمعية الأمل العراقية"' in shown
    # The live preview is the snippet itself, which the page's policy lets frame the site.
    assert '<script src="http://testserver/static/events/widget/widget.js" data-lang="ar"' in page
    assert policy(response)["frame-src"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("lang", "direction", "title"),
    [("ar", "rtl", "تضمين الفعاليات في موقعك الإلكتروني"), ("en", "ltr", "Embed events on your website")],
)
def test_builder_with_nothing_chosen_offers_all_events_in_the_pages_language(client, partners, lang, direction, title):
    page = html_module.unescape(client.get(f"/{lang}/widget/").content.decode())
    assert f"<h1>{title}</h1>" in page and f'<html lang="{lang}" dir="{direction}">' in page
    assert f'widget.js" data-lang="{lang}" async></script>' in page
    assert re.search(r'<input type="number" name="limit" value="5"', page)
    assert '<option value="al-amal">' in page and '<option value="quiet">' not in page


def test_builder_refuses_bad_choices_with_a_message(client, partners):
    response = client.get("/en/widget/?organisation=nobody&limit=500")
    assert response.status_code == 400
    page = html_module.unescape(response.content.decode())
    assert "There is no organisation “nobody” in the directory." in page
    assert "Choose a number of events from 1 to 20." in page
    assert "widget.js" not in page.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("query", ["", "?organisation=nobody&lang=xx&limit=500"])
def test_the_builders_labels_and_error_messages_name_their_fields(client, partners, query):
    """Each label names its control and each field's description names its error message by
    an id on the page, so a screen reader reads the message with the field it concerns."""
    page = client.get(f"/ar/widget/{query}").content.decode()
    assert not missing_references(page)
    if query:
        assert 'aria-describedby="id_limit_error"' in page and 'id="id_limit_error"' in page


def test_an_organisation_page_offers_its_events_as_a_widget(client, partners):
    page = client.get("/en/directory/organisations/al-amal/").content.decode()
    assert 'href="/en/widget/?organisation=al-amal"' in page
    assert "Embed these events on your site" in page
    arabic = client.get("/ar/directory/organisations/al-amal/").content.decode()
    assert 'href="/ar/widget/?organisation=al-amal"' in arabic


def test_unpublished_and_restricted_events_stay_out(client, partners):
    assert "مسودة" not in titles(get(client, "?lang=ar&organisation=al-amal"))
    assert EventPage.objects.filter(title="مسودة").exists()


@pytest.mark.parametrize("count", [3, 40])
def test_builder_query_count_does_not_grow(client, events_index, django_assert_max_num_queries, count):
    OrganisationFactory.create_batch(count)
    NetworkFactory.create_batch(count)
    client.get("/en/widget/")
    with django_assert_max_num_queries(BUILDER_QUERY_BUDGET):
        page = client.get("/en/widget/").content.decode()
    assert page.count("<option value=") == count * 2 + 2 + 2 + 2  # and "all", the languages, the tabs


# The same twelve for 3 and for 40 organisations and networks: each list's choices (two), and
# what the site's base template asks on every page (the site, its navigation, its footer
# settings, the other language's address).
BUILDER_QUERY_BUDGET = 12
