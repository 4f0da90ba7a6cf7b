"""The shared page cache (core/pagecache.py): who shares an entry, what goes into one, and that
a published change or a registration shows at once in both languages."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory, override_settings

from core import pagecache
from events.registrations.services import lifecycle
from tests.factories.accounts import UserFactory
from tests.factories.events import VenueFactory, at, event_page, translate
from tests.factories.events import image as image_of
from tests.factories.network import OrganisationFactory, PersonFactory
from tests.factories.registrations import SettingsFactory

pytestmark = [pytest.mark.django_db, pytest.mark.page_cache]

HIT = pagecache.HEADER


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a block announces after its commit (the cache's new versions), as outside a test."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def event(demo_site, committed):
    venue = VenueFactory(name="Old hall", name_ar="القاعة القديمة")
    with committed():
        page = event_page(title="ملتقى الحوار", slug="dialogue", venue=venue)
        english = translate(page, title="Dialogue forum", slug="dialogue")
    return {"ar": page, "en": english}


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 304), response.status_code
    return response


def html(response):
    return response.content.decode()


def without_tokens(response):
    """The page without its CSRF token, masked anew on each answer."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html(response))


def test_anonymous_visitors_share_one_entry_per_language(client, event, django_assert_num_queries):
    first_ar, first_en = get(client, event["ar"].url), get(client, event["en"].url)
    assert first_ar[HIT] == first_en[HIT] == "miss"
    with django_assert_num_queries(0):
        again_ar, again_en = get(client, event["ar"].url), get(client, event["en"].url)
    assert again_ar[HIT] == again_en[HIT] == "hit"
    assert again_ar.content == first_ar.content and 'lang="ar"' in html(again_ar) and "ملتقى الحوار" in html(again_ar)
    assert again_en.content == first_en.content and 'lang="en"' in html(again_en) and "Dialogue forum" in html(again_en)
    # The headers of the middleware above are those of a fresh answer, in the page's language.
    for fresh, cached, language in ((first_ar, again_ar, "ar"), (first_en, again_en, "en")):
        assert cached["Content-Language"] == language
        assert cached["Content-Security-Policy"] == fresh["Content-Security-Policy"]
        assert "nonce-" not in cached["Content-Security-Policy"]
        assert cached["Permissions-Policy"] == fresh["Permissions-Policy"]
        assert cached["X-Frame-Options"] == fresh["X-Frame-Options"]
        assert "Cookie" in cached["Vary"] and "Cookie" in fresh["Vary"]
        assert cached["ETag"] == fresh["ETag"]
        assert not cached.cookies


def test_head_and_a_matching_etag(client, event):
    fresh = get(client, event["en"].url)
    head = client.head(event["en"].url)
    assert head.status_code == 200 and head[HIT] == "hit" and head.content == b""
    assert head["ETag"] == fresh["ETag"] and head["Content-Type"] == fresh["Content-Type"]
    not_modified = client.get(event["en"].url, headers={"If-None-Match": fresh["ETag"]})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert client.get(event["en"].url, headers={"If-None-Match": '"other"'}).content == fresh.content


def test_a_published_change_shows_at_once_in_both_languages(client, event, committed):
    get(client, event["ar"].url), get(client, event["en"].url)
    page = event["ar"]
    page.title = "ملتقى الحوار الجديد"
    with committed():
        page.save_revision().publish()
    assert "ملتقى الحوار الجديد" in html(get(client, event["ar"].url))
    # The English page has not changed, but its venue and menu might have: it is built anew.
    assert get(client, event["en"].url)[HIT] == "miss"


def test_unpublishing_and_deleting_take_the_page_away_at_once(client, event, committed):
    get(client, event["en"].url), get(client, event["ar"].url)
    with committed():
        event["en"].unpublish()
    assert client.get(event["en"].url).status_code == 404
    with committed():
        event["ar"].delete()
    assert client.get(event["ar"].url).status_code == 404


def test_snippets_shown_on_public_pages_show_at_once(client, event, committed):
    organisation = OrganisationFactory(name="Old name", name_ar="الاسم القديم", slug="org")
    directory = "/en/directory/organisations/"
    assert "Old name" in html(get(client, directory))
    get(client, event["en"].url)
    with committed():
        organisation.name = "New name"
        organisation.save()
        venue = event["ar"].venue
        venue.name = "New hall"
        venue.save()
    assert "New name" in html(get(client, directory)) and "Old name" not in html(get(client, directory))
    assert "New hall" in html(get(client, event["en"].url))


def test_a_document_renamed_or_deleted_shows_so_at_once_on_the_agenda(client, demo_site, committed):
    """A session's slides are a document of the library: renaming it or deleting it outdates
    the pages that list it, though no page was published."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    slides = Document.objects.create(title="First slides", file=ContentFile(b"%PDF-1.4", name="first.pdf"))
    with committed():
        page = event_page(
            slug="with-slides",
            sessions=[
                {
                    "title": "Opening",
                    "start": at(2030, 5, 10, 9),
                    "end": at(2030, 5, 10, 10),
                    "materials": [{"document": slides}],
                }
            ],
        )
    assert "First slides" in html(get(client, page.url))
    assert get(client, page.url)[HIT] == "hit"
    with committed():
        slides.title = "Final slides"
        slides.save()
    assert "Final slides" in html(get(client, page.url))
    with committed():
        slides.delete()
    assert "Final slides" not in html(get(client, page.url)) and "agenda-materials" not in html(get(client, page.url))


def test_a_person_withdrawing_consent_leaves_the_directory_at_once(client, committed):
    person = PersonFactory(name="Huda Visible", name_ar="هدى", slug="huda")
    assert "Huda Visible" in html(get(client, "/en/directory/people/"))
    assert get(client, "/en/directory/people/huda/").status_code == 200
    with committed():
        person.public_profile = False
        person.save()
    assert "Huda Visible" not in html(get(client, "/en/directory/people/"))
    assert client.get("/en/directory/people/huda/").status_code == 404


def test_the_last_seat_taken_shows_full_at_once_and_other_events_keep_their_entry(client, event, committed):
    with committed():
        settings = SettingsFactory(event=event["ar"], capacity=1, waitlist_enabled=False)
        other = event_page(title="Other event", slug="other")
        person = PersonFactory()
    assert "1 seat left" in html(get(client, event["en"].url))
    get(client, other.url)
    with committed():
        lifecycle.register(event["ar"], person, send_email=False)
    page = get(client, event["en"].url)
    assert page[HIT] == "miss" and "This event is full." in html(page) and "seat left" not in html(page)
    assert get(client, other.url)[HIT] == "hit"
    assert settings.event_id == event["ar"].pk


def test_signed_in_visitors_never_share_an_entry(client, event):
    anonymous = get(client, event["en"].url)
    user = UserFactory()
    client.force_login(user)
    mine = get(client, event["en"].url)
    assert HIT not in mine and "My account" in html(mine) and "My account" not in html(anonymous)
    assert "no-store" in mine["Cache-Control"] and "private" in mine["Cache-Control"]
    client.logout()
    again = get(client, event["en"].url)
    assert again[HIT] == "hit" and "My account" not in html(again)


def test_a_signed_in_visitor_first_leaves_nothing_behind(client, event):
    client.force_login(UserFactory())
    assert "My account" in html(get(client, event["en"].url))
    client.logout()
    fresh = get(client, event["en"].url)
    assert fresh[HIT] == "miss" and "My account" not in html(fresh)


def test_an_empty_session_shares_and_a_session_with_data_does_not(client, event):
    get(client, event["en"].url)
    client.cookies["sessionid"] = "no-such-session"
    assert get(client, event["en"].url)[HIT] == "hit"
    session = SessionStore()
    session["anything"] = "kept"
    session.save()
    client.cookies["sessionid"] = session.session_key
    assert HIT not in get(client, event["en"].url)
    client.cookies["messages"] = "waiting"
    del client.cookies["sessionid"]
    assert HIT not in get(client, event["en"].url)


def test_calendar_files_and_the_directory_are_shared(client, event, committed):
    for url in (f"/en/calendar/event/{event['ar'].pk}.ics", "/ar/calendar/upcoming.ics", "/ar/directory/"):
        first = get(client, url)
        assert first[HIT] == "miss" and get(client, url)[HIT] == "hit"
        assert get(client, url).content == first.content


def test_pages_that_do_not_opt_in_are_never_stored(client, event):
    for url in ("/en/accounts/login/", "/en/search/?q=forum"):
        client.get(url)
        assert HIT not in client.get(url)


# What goes into an entry, with a view that opts in and then does one unshareable thing.


def _request(method="GET", **cookies):
    request = getattr(RequestFactory(), method.lower())("/en/probe/")
    request.COOKIES.update(cookies)
    request.session, request.user = SessionStore(), AnonymousUser()
    return request


def _answer(action):
    def view(request):
        pagecache.share(request)
        response = HttpResponse("page body")
        action(request, response)
        return response

    return pagecache.PageCacheMiddleware(view)


def _nothing(request, response):
    pass


def _sets_cookie(request, response):
    response.set_cookie("chosen", "1")


def _uses_csrf_token(request, response):
    get_token(request)


def _uses_nonce(request, response):
    request._csp_nonce = "abc"


def _private(request, response):
    response["Cache-Control"] = "private"


def _writes_session(request, response):
    request.session["seen"] = True


def _varies_on_agent(request, response):
    response["Vary"] = "User-Agent"


def _not_found(request, response):
    response.status_code = 404


@pytest.mark.parametrize(
    "action", [_sets_cookie, _uses_csrf_token, _uses_nonce, _private, _writes_session, _varies_on_agent, _not_found]
)
def test_unshareable_answers_are_never_stored(action):
    middleware = _answer(action)
    middleware(_request())
    assert HIT not in middleware(_request())
    assert _answer(_nothing)(_request())[HIT] == "miss"  # nothing was stored for the address


def test_a_shareable_answer_is_stored_once_and_served():
    middleware = _answer(_nothing)
    assert middleware(_request())[HIT] == "miss"
    assert middleware(_request("HEAD"))[HIT] == "hit"
    assert HIT not in middleware(_request("POST"))


def test_an_event_page_draws_no_picture_its_publishing_did_not(client, demo_site, committed):
    from wagtail.images import get_image_model

    from tests.factories.events import big_event

    with committed():
        page = big_event(sessions=2, speakers=2, partners=1, title="Pictures", slug="pictures")
        page.image = image_of("cover")
        page.save_revision().publish()
    renditions = get_image_model().get_rendition_model().objects
    drawn = renditions.count()
    assert drawn >= 2 * 2 + 1 * 2 + 11  # photos and logos at 1x and 2x, the cover in every size
    for url in (page.url, "/ar/events/"):
        assert client.get(url).status_code == 200
    assert renditions.count() == drawn


def test_signed_in_pages_reuse_the_menu_and_the_agenda_until_a_change(client, demo_site, committed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.events import big_event

    with committed():
        page = big_event(sessions=6, speakers=6, partners=3, images=False, title="Agenda", slug="agenda")
    client.force_login(UserFactory())
    warm = without_tokens(get(client, page.url))
    with CaptureQueriesContext(connection) as kept:
        assert without_tokens(get(client, page.url)) == warm
    with override_settings(PAGE_CACHE_SECONDS=0), CaptureQueriesContext(connection) as built:
        assert without_tokens(get(client, page.url)) == warm
    # The menu (home page, its children, the footer's settings) and the agenda: sessions,
    # speakers, partners and topics (no pictures here, so no renditions to read).
    assert len(kept) <= len(built) - 7, (len(kept), len(built))
    session = page.sessions.get(title="Session 0")
    with committed():
        session.title = "Opening, renamed"
        session.save()
    assert "Opening, renamed" in html(get(client, page.url))


def footer(client, language):
    return html(get(client, f"/{language}/")).split('class="site-footer"')[1]


def test_a_signed_in_page_keeps_the_footer_until_its_settings_change(client, demo_site, committed):
    from wagtail.models import Site

    from home.models import SiteChrome

    client.force_login(UserFactory())
    chrome = SiteChrome.for_site(Site.objects.get(is_default_site=True))
    footers = {language: footer(client, language) for language in ("ar", "en")}
    assert chrome.contact_email in footers["en"] and chrome.contact_email in footers["ar"]
    assert "Privacy" in footers["en"] and "desk@multaqa.example" not in footers["en"]
    with committed():
        chrome.contact_email = "desk@multaqa.example"
        chrome.publisher, chrome.publisher_ar = "New Publisher", "ناشر جديد"
        chrome.save()
    english, arabic = footer(client, "en"), footer(client, "ar")
    assert "desk@multaqa.example" in english and "New Publisher" in english
    assert "desk@multaqa.example" in arabic and "ناشر جديد" in arabic
    with committed():
        chrome.privacy_page = None
        chrome.save()
    assert "Privacy" not in footer(client, "en")
