"""A visitor in Arabic and in English finds Point Iraq 2018 through the index filters, reads its
agenda and its calendar file, on a phone and on a desktop."""

import pytest
from icalendar import Calendar

pytestmark = pytest.mark.django_db(transaction=True)

TEXTS = {
    "ar": {
        "title": "مؤتمر بوينت العراق 2018",
        "show": "عرض الفعاليات",
        "day": "10 آب 2018",
        "second_day": "11 آب 2018",
        "speaker": "علي فاضل",
        "session": "الإعلام ومواقع التواصل في مواجهة السياسات الطائفية",
        "other": "المؤتمر الدولي الرابع لمكافحة إعلام «داعش» وفكره",
        "not_listed": "وسائل التواصل الاجتماعي مساحة للحوار",
    },
    "en": {
        "title": "Point Iraq 2018",
        "show": "Show events",
        "day": "10 August 2018",
        "second_day": "11 August 2018",
        "speaker": "Ali Fadhil",
        "session": "Media and social networks against sectarian politics",
        "other": "Fourth International Conference on Countering ISIS Media and Ideology",
        "not_listed": "Social Media as a Space for Dialogue",
    },
}


def ics_url(lang):
    from events.models import EventPage

    page = EventPage.objects.get(slug="point-iraq-2018", locale__language_code=lang)
    return f"/{lang}/calendar/event/{page.pk}.ics"


@pytest.fixture
def demo_events(demo_site, demo_snapshots):
    from fixtures import events

    demo_snapshots.load("events", lambda: events.load(lambda message: None))


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_visitor_finds_point_iraq_reads_the_agenda_and_downloads_it(
    live_server, demo_events, new_page, screenshot, lang, width
):
    text = TEXTS[lang]
    page = new_page(width=width, locale=lang)
    page.goto(f"{live_server.url}/{lang}/events/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    screenshot(page, f"events-index-{lang}-{width}")

    page.select_option("select[name=kind]", "conference")
    page.select_option("select[name=city]", "Baghdad")
    page.get_by_role("button", name=text["show"]).click()
    page.wait_for_url("**kind=conference**")
    assert "city=Baghdad" in page.url
    past = page.locator("#past")
    assert past.get_by_role("link", name=text["title"], exact=True).is_visible()
    assert past.get_by_role("link", name=text["other"]).is_visible()
    assert page.get_by_role("link", name=text["not_listed"]).count() == 0
    # The filters keep their state in the form after the page reloads.
    assert page.locator("select[name=kind]").input_value() == "conference"
    screenshot(page, f"events-index-filtered-{lang}-{width}")

    past.get_by_role("link", name=text["title"], exact=True).click()
    page.wait_for_url("**/events/point-iraq-2018/")
    assert page.locator("h1").inner_text() == text["title"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"event-point-iraq-{lang}-{width}")

    page.get_by_role("link", name="عرض جدول الأعمال" if lang == "ar" else "See the agenda").click()
    agenda = page.locator("#agenda")
    days = agenda.locator(".agenda-day-title").all_inner_texts()
    assert [d.strip() for d in days] == [text["day"], text["second_day"]]
    session = agenda.locator(".agenda-item", has_text=text["session"])
    assert session.locator(".agenda-time time").all_inner_texts() == ["10:30", "12:00"]
    assert text["speaker"] in session.inner_text()
    assert page.locator("#speakers .speaker-card").count() == 8
    # The agenda's heading is not hidden under the sticky site header after the jump.
    heading_top = page.evaluate("document.getElementById('agenda-title').getBoundingClientRect().top")
    header_bottom = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().bottom")
    assert heading_top >= header_bottom

    # A past event is a record: no calendar invitation; its calendar file still answers.
    assert page.locator(".event-hero a[data-calendar=ics], #add-to-calendar, .agenda-ics").count() == 0
    response = page.context.request.get(f"{live_server.url}{ics_url(lang)}")
    calendar = Calendar.from_ical(response.body())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == text["title"]
    assert event["DTSTART"].params["TZID"] == "Asia/Baghdad"
    assert event.decoded("DTSTART").isoformat() == "2018-08-10T10:00:00+03:00"
    assert event.decoded("DTEND").isoformat() == "2018-08-11T15:30:00+03:00"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Baghdad"]


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_illustrative_note_sits_under_the_body(live_server, demo_events, new_page, screenshot, lang, width):
    page = new_page(width=width)
    page.goto(f"{live_server.url}/{lang}/events/fourth-conference-countering-isis-media/")
    note = page.locator(".event-note")
    assert note.is_visible()
    body = page.locator(".event-main .prose").bounding_box()
    assert note.bounding_box()["y"] >= body["y"] + body["height"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"event-note-{lang}-{width}")
