"""The public event page: what it shows, in each language, and what it never shows."""

import json
import re

import pytest

from tests.factories.events import VenueFactory, at, big_event, event_page, read_again, translate, weekly_sessions
from tests.factories.network import OrganisationFactory, PersonFactory
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


@pytest.fixture
def conference(events_index, demo_snapshots):
    """A two-day conference with a break, a moderated panel, partners and a hidden speaker
    (built once per session, copied back after that)."""
    return read_again(demo_snapshots.load("point-iraq-conference", build_conference))


def build_conference():
    from events.models import EventIndexPage

    index = EventIndexPage.objects.get(locale__language_code="ar")
    public = PersonFactory(name="Ali Fadhil", name_ar="علي فاضل", slug="ali-fadhil", title="Presenter")
    private = PersonFactory(
        name="Noor Private", name_ar="نور الخاصة", slug="noor-private", public_profile=False, title="Secret title"
    )
    hidden = PersonFactory(name="Hidden Person", name_ar="شخص مخفي", slug="hidden-person")
    organiser = OrganisationFactory(name="ICSSI", name_ar="المبادرة", slug="icssi")
    sponsor = OrganisationFactory(name="Fund", name_ar="الصندوق", slug="fund")
    venue = VenueFactory(name="Al-Mahatta hall", name_ar="قاعة المحطة", latitude="33.312806", longitude="44.361488")
    page = event_page(
        index,
        title="مؤتمر بوينت العراق 2018",
        slug="point-iraq-2018",
        start=at(2018, 8, 10, 10),
        end=at(2018, 8, 11, 15, 30),
        venue=venue,
        event_format="hybrid",
        online_link="https://meet.example.org/never-public",
        languages=["ar", "en"],
        tags=["الإعلام"],
        partners=[(organiser, "organiser"), (sponsor, "sponsor")],
        sessions=[
            {
                "title": "الافتتاح",
                "kind": "keynote",
                "start": at(2018, 8, 10, 10),
                "end": at(2018, 8, 10, 10, 30),
                "room": "القاعة الرئيسية",
                "speakers": [{"person": public, "role": "speaker", "organisation": organiser}],
            },
            {"title": "استراحة", "kind": "break", "start": at(2018, 8, 10, 12), "end": at(2018, 8, 10, 12, 30)},
            {
                "title": "قطع الإنترنت",
                "kind": "panel",
                "start": at(2018, 8, 11, 23, 0),
                "end": at(2018, 8, 11, 23, 30),
                "speakers": [
                    {"person": private, "role": "moderator"},
                    {"person": hidden, "role": "panellist", "show_publicly": False},
                ],
            },
        ],
    )
    english = translate(page, title="Point Iraq 2018", slug="point-iraq-2018")
    built = {"ar": page, "en": english, "public": public, "private": private, "hidden": hidden}
    return {name: record.pk for name, record in built.items()}


def test_arabic_page_shows_dates_with_arabic_month_names(client, conference):
    html = html_of(client, conference["ar"])
    assert '<html lang="ar" dir="rtl">' in html
    assert "مؤتمر بوينت العراق 2018" in html
    assert "10–11 آب 2018" in html
    assert "August" not in html


def test_english_page_shows_english_dates(client, conference):
    html = html_of(client, conference["en"])
    assert "Point Iraq 2018" in html
    assert "10–11 August 2018" in html


def test_agenda_grouped_by_day_in_the_event_time_zone(client, conference):
    html = html_of(client, conference["en"])
    agenda = html[html.index('id="agenda"') : html.index('id="speakers"')]
    days = re.findall(r'<h3 class="agenda-day-title"[^>]*>.*?<time datetime="([\d-]+)"', agenda, re.S)
    assert days == ["2018-08-10", "2018-08-11"]
    # 23:00 Baghdad time stays on the 11th, shown as 23:00, not in UTC.
    assert ">23:00</time>" in agenda and ">23:30</time>" in agenda
    assert agenda.index("10:00") < agenda.index("12:00") < agenda.index("23:00")
    assert "Baghdad time (UTC+03:00)" in html


def test_speakers_follow_the_privacy_rule(client, conference):
    """Named publicly: name and affiliation. Consent: also link, title and photo. Hidden: nothing."""
    html = html_of(client, conference["en"])
    speakers = html[html.index('id="speakers"') : html.index('id="partners"')]
    assert "Ali Fadhil" in speakers and "Presenter" in speakers and "ICSSI" in speakers
    assert "Noor Private" in speakers
    assert "Secret title" not in html
    assert "Hidden Person" not in html and "شخص مخفي" not in html
    for person in (conference["public"], conference["private"], conference["hidden"]):
        assert person.email not in html
        assert person.phone not in html


def test_profile_links_only_with_consent(client, conference, monkeypatch):
    from events import links

    monkeypatch.setattr(links, "directory_url", lambda kind, slug: f"/en/directory/{kind}/{slug}/")
    html = html_of(client, conference["en"])
    assert 'href="/en/directory/person/ali-fadhil/"' in html
    assert "/directory/person/noor-private/" not in html
    assert "/directory/person/hidden-person/" not in html


def test_page_renders_when_the_directory_has_no_routes(client, conference, monkeypatch):
    from django.urls import NoReverseMatch

    from events import links

    def no_route(*args, **kwargs):
        raise NoReverseMatch("no directory yet")

    monkeypatch.setattr(links, "reverse_one", no_route)
    html = html_of(client, conference["en"])
    assert "Ali Fadhil" in html
    assert "/directory/person/" not in html


def test_partners_grouped_by_role(client, conference):
    html = html_of(client, conference["en"])
    partners = html[html.index('id="partners"') :]
    assert partners.index("Organisers") < partners.index("ICSSI") < partners.index("Sponsors") < partners.index("Fund")


def test_venue_block_with_openstreetmap_link_and_no_map_script(client, conference):
    html = html_of(client, conference["ar"])
    assert "قاعة المحطة" in html
    assert 'href="https://www.openstreetmap.org/?mlat=33.312806&amp;mlon=44.361488' in html
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert all(src.startswith("/static/") for src in scripts), scripts


def test_online_link_never_shown(client, conference):
    for language in ("ar", "en"):
        html = html_of(client, conference[language])
        assert "never-public" not in html
        assert "meet.example.org" not in html


@pytest.fixture
def upcoming(events_index, demo_snapshots):
    """An upcoming conference with one session, in both languages (built once per session)."""

    def build():
        page = event_page(
            events_index["ar"],
            title="منتدى قادم",
            start=at(2031, 3, 10, 10),
            end=at(2031, 3, 11, 15, 30),
            sessions=[
                {"title": "الافتتاح", "kind": "keynote", "start": at(2031, 3, 10, 10), "end": at(2031, 3, 10, 11)}
            ],
        )
        return {"ar": page.pk, "en": translate(page, title="Upcoming forum").pk}

    return read_again(demo_snapshots.load("upcoming-forum", build))


def test_add_to_calendar_links(client, upcoming):
    page = upcoming["en"]
    html = html_of(client, page)
    assert f'href="/en/calendar/event/{page.pk}.ics"' in html
    assert f'href="/en/calendar/event/{page.pk}/agenda.ics"' in html
    google = re.search(r'href="(https://calendar\.google\.com/calendar/render\?[^"]+)"', html).group(1)
    assert "dates=20310310T070000Z%2F20310311T123000Z" in google.replace("&amp;", "&")
    assert "text=Upcoming+forum" in google


def test_a_programme_spread_over_weeks_offers_its_sessions_and_the_next_one(client, events_index):
    import datetime as dt

    from django.utils import timezone

    start = (timezone.now() - dt.timedelta(days=8)).replace(microsecond=0)
    weekly = weekly_sessions(start)
    page = event_page(
        events_index["ar"], title="برنامج أسبوعي", start=start, end=start + dt.timedelta(days=15), sessions=weekly
    )
    english = translate(page, title="A weekly programme")
    following = weekly[2]["start"].astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")

    def card_of(html):
        start = html.index('id="add-to-calendar"')
        return html[start : html.index("</section>", start)]

    card = card_of(html_of(client, english))
    assert f'href="/en/calendar/event/{english.pk}.ics" download>Calendar file with its 3 sessions (.ics)' in card
    assert "agenda.ics" not in card
    google = re.search(r'href="(https://calendar\.google\.com/calendar/render\?[^"]+)"', card).group(1)
    assert f"dates={following}%2F" in google.replace("&amp;", "&")
    assert "Google Calendar: the next session," in card

    card = card_of(html_of(client, page))
    assert "ملف تقويم بجلساتها الـ3" in card
    assert "تقويم Google: الجلسة التالية،" in card


def test_json_ld_event(client, conference):
    page = conference["en"]
    data = json_ld(html_of(client, page))
    assert data["@type"] == "Event"
    assert data["name"] == "Point Iraq 2018"
    assert data["startDate"] == "2018-08-10T10:00:00+03:00"
    assert data["endDate"] == "2018-08-11T15:30:00+03:00"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, virtual = data["location"]
    assert place["@type"] == "Place" and place["name"] == "Al-Mahatta hall"
    assert place["address"]["addressCountry"] == "IQ"
    assert place["geo"]["latitude"] == pytest.approx(33.312806)
    assert virtual == {"@type": "VirtualLocation", "url": page.full_url}
    assert [o["name"] for o in data["organizer"]] == ["ICSSI"]
    assert [o["name"] for o in data["sponsor"]] == ["Fund"]
    assert sorted(p["name"] for p in data["performer"]) == ["Ali Fadhil", "Noor Private"]
    text = json.dumps(data)
    assert "never-public" not in text and "@private.example.org" not in text and "Hidden" not in text


def test_open_graph_tags(client, conference):
    html = html_of(client, conference["ar"])
    assert '<meta property="og:title" content="مؤتمر بوينت العراق 2018">' in html
    assert '<meta property="og:locale" content="ar_IQ">' in html
    assert '<meta property="og:locale:alternate" content="en_GB">' in html
    assert f'<meta property="og:url" content="{conference["ar"].full_url}">' in html


def test_registration_call_to_action_is_included(client, upcoming, conference, settings, tmp_path):
    template_dir = tmp_path / "templates" / "registrations"
    template_dir.mkdir(parents=True)
    (template_dir / "event_cta.html").write_text("<p>CTA for {{ event.title }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}]
    assert "<p>CTA for Upcoming forum</p>" in html_of(client, upcoming["en"])
    assert "CTA for" not in html_of(client, conference["en"])  # a past event invites nobody


def test_topics_link_to_the_filtered_index(client, conference):
    html = html_of(client, conference["ar"])
    assert re.search(r'href="/ar/events/\?topic=[^"]+">الإعلام</a>', html)


def test_unknown_event_slug_is_a_404(client, events_index):
    assert_not_found(client.get("/en/events/no-such-event/"), "en")
    assert_not_found(client.get("/ar/events/no-such-event/"), "ar")


def test_an_unpublished_event_or_a_path_below_an_event_is_a_404(client, conference):
    """The index finds its events in one query (EventIndexPage.route); what Wagtail's routing
    refuses it still refuses: a draft event, and an address deeper than an event."""
    assert "Point Iraq 2018" in html_of(client, conference["en"])
    assert_not_found(client.get(conference["en"].url + "agenda/"), "en")
    conference["en"].unpublish()
    assert_not_found(client.get("/en/events/point-iraq-2018/"), "en")
    assert "مؤتمر بوينت العراق 2018" in html_of(client, conference["ar"])  # the other language is still published


def test_events_in_the_sitemap_in_both_languages(client, conference):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/ar/events/point-iraq-2018/" in xml
    assert "/en/events/point-iraq-2018/" in xml
    assert "never-public" not in xml


@pytest.mark.parametrize("size", ["small", "big"])
def test_event_page_query_count_does_not_grow(client, events_index, django_assert_max_num_queries, size):
    if size == "big":
        page = big_event(events_index["ar"], sessions=40, speakers=60, partners=25, materials=2)
    else:
        page = big_event(events_index["ar"], sessions=3, speakers=3, partners=3, materials=2)
    url = page.url
    client.get(url)  # warm per-process caches (site root paths, locales)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(url)
    html = response.content.decode()
    assert html.count('class="agenda-item') == (40 if size == "big" else 3)
    assert html.count('class="speaker-card"') == (60 if size == "big" else 3)
    assert html.count('class="partner-card"') == (25 if size == "big" else 3)
    assert html.count('class="file-icon') == html.count('class="play-icon') == (40 if size == "big" else 3)


# The same bound for 3 and for 40 sessions. Today the page takes 25: Wagtail's routing and
# site/locale look-ups (about 12), sessions, speakers with their people (and photos when
# there are any), affiliations, partners (and logos), venue, topics, the language switch,
# the registration call to action and the footer settings. The margin leaves room for a
# constant addition, never for a query per session, speaker or partner.
QUERY_BUDGET = 32


def test_a_speaker_named_without_an_organisation_is_shown_with_their_current_affiliation(
    client, events_index, django_assert_max_num_queries
):
    import datetime as dt

    from tests.factories.network import AffiliationFactory

    moved = PersonFactory(name="Sara Moved", name_ar="سارة", slug="sara-moved")
    AffiliationFactory(
        person=moved,
        organisation=OrganisationFactory(name="Old Radio", name_ar="الإذاعة القديمة"),
        end_date=dt.date(2017, 1, 1),
    )
    AffiliationFactory(person=moved, organisation=OrganisationFactory(name="New Press", name_ar="الصحافة الجديدة"))
    former = PersonFactory(name="Omar Former", name_ar="عمر", slug="omar-former")
    AffiliationFactory(
        person=former,
        organisation=OrganisationFactory(name="Closed Lab", name_ar="المختبر المغلق"),
        end_date=dt.date(2016, 1, 1),
    )
    unaffiliated = PersonFactory(name="Huda Alone", name_ar="هدى", slug="huda-alone")
    page = event_page(
        sessions=[
            {
                "title": "حوار",
                "start": at(2018, 8, 10, 10),
                "end": at(2018, 8, 10, 11),
                "speakers": [{"person": person, "role": "speaker"} for person in (moved, former, unaffiliated)],
            }
        ]
    )
    with django_assert_max_num_queries(QUERY_BUDGET):
        html = html_of(client, page)
    speakers = html[html.index('id="speakers"') :]
    cards = re.findall(r'<li class="speaker-card">(.*?)</li>', speakers, re.S)
    assert len(cards) == 3
    assert "سارة" in cards[0] and "الصحافة الجديدة" in cards[0] and "الإذاعة القديمة" not in cards[0]
    assert "عمر" in cards[1] and "المختبر المغلق" in cards[1]  # no current one: the one on record
    assert "هدى" in cards[2] and "speaker-affiliation" not in cards[2]


def test_a_sessions_materials_are_listed_under_it_in_both_languages(client, events_index):
    """Slides from the document library (with their format and size), a recording's link;
    a material whose document was deleted since is left out rather than linking nowhere."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    slides = Document.objects.create(title="Opening slides", file=ContentFile(b"%PDF-1.4" + b"x" * 2040, name="o.pdf"))
    slides.get_file_size()  # as an upload through the admin records it
    gone = Document.objects.create(title="Withdrawn paper", file=ContentFile(b"%PDF-1.4", name="w.pdf"))
    page = event_page(
        events_index["ar"],
        sessions=[
            {
                "title": "الافتتاح",
                "kind": "keynote",
                "start": at(2030, 5, 10, 9),
                "end": at(2030, 5, 10, 10),
                "materials": [
                    {"kind": "slides", "document": slides},
                    {"kind": "recording", "title": "تسجيل الافتتاح", "url": "https://video.example.org/opening"},
                    {"kind": "document", "document": gone},
                ],
            }
        ],
    )
    english = translate(page)
    gone.delete()
    arabic, english = html_of(client, page), html_of(client, english)
    assert f'<a href="{slides.url}">' in arabic and "Opening slides" in arabic
    assert "عرض تقديمي · \u2068PDF\u2069، 2.0\xa0ك.ب" in arabic
    assert '<a href="https://video.example.org/opening">' in arabic and "تسجيل الافتتاح" in arabic
    assert "Withdrawn paper" not in arabic and "Withdrawn paper" not in english
    assert "Slides · \u2068PDF\u2069, 2.0\xa0KB" in english and "Recording" in english
    assert english.count('class="agenda-materials"') == 1


def test_the_api_gives_a_sessions_materials(client, events_index):
    page = event_page(
        events_index["ar"],
        sessions=[
            {
                "title": "الافتتاح",
                "start": at(2030, 5, 10, 9),
                "end": at(2030, 5, 10, 10),
                "materials": [{"kind": "recording", "url": "https://video.example.org/opening"}],
            }
        ],
    )
    answer = client.get(f"/api/v1/events/{page.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert answer["sessions"][0]["materials"] == [
        {
            "title": "Recording",
            "kind": {"code": "recording", "label": "Recording"},
            "url": "https://video.example.org/opening",
        }
    ]
