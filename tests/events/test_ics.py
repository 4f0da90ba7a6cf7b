"""Calendar files and feeds parse in Python and in Mozilla's ical.js, say the right things in
the language of the URL, keep their UIDs, and never carry personal data."""

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from tests.factories.events import BAGHDAD, at, event_page, read_again, translate
from tests.factories.network import OrganisationFactory, PersonFactory
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db

CHECKER = Path(__file__).with_name("icaljs_check.mjs")
NODE = shutil.which("node")


def ics(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response


def parse(response):
    calendar = Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


def ical_js(content):
    """What ical.js (the parser of Thunderbird and other Mozilla clients) reads from the file."""
    assert NODE, "Node.js is needed to check calendar files with ical.js"
    result = subprocess.run(  # noqa: S603 - our own script and the project's node
        [NODE, str(CHECKER)], input=content, capture_output=True, check=False, cwd=CHECKER.parents[2]
    )
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


@pytest.fixture
def future_event(events_index, demo_snapshots):
    """A two-week online programme in Amman's time, in both languages (built once per session)."""
    return read_again(demo_snapshots.load("dialogue-programme", lambda: build_future_event(events_index["ar"])))


def build_future_event(index):
    speaker = PersonFactory(name="Maya Sukkar", name_ar="مايا سكر")
    hidden = PersonFactory(name="Hidden Person", name_ar="شخص مخفي")
    organiser = OrganisationFactory(name="KAICIID", name_ar="كايسيد", slug="kaiciid")
    start = dt.datetime(2031, 2, 3, 16, tzinfo=ZoneInfo("Asia/Amman"))
    page = event_page(
        index,
        title="وسائل التواصل الاجتماعي مساحة للحوار",
        slug="dialogue",
        kind="programme",
        event_format="online",
        time_zone="Asia/Amman",
        start=start,
        end=start + dt.timedelta(days=14, hours=2),
        online_link="https://meet.example.org/secret-room",
        partners=[(organiser, "organiser")],
        sessions=[
            {
                "title": "الإطلاق",
                "kind": "seminar",
                "start": start,
                "end": start + dt.timedelta(hours=1, minutes=30),
                "online_link": "https://meet.example.org/session-secret",
                "speakers": [
                    {"person": speaker, "role": "speaker"},
                    {"person": hidden, "role": "speaker", "show_publicly": False},
                ],
            },
            {
                "title": "استراحة",
                "kind": "break",
                "start": start + dt.timedelta(hours=2),
                "end": start + dt.timedelta(hours=2, minutes=10),
            },
            {
                "title": "صحافة الهاتف المحمول",
                "kind": "seminar",
                "start": start + dt.timedelta(days=7),
                "end": start + dt.timedelta(days=7, hours=1),
            },
        ],
    )
    english = translate(page, title="Social Media as a Space for Dialogue", slug="dialogue")
    for session, title in zip(english.sessions.all(), ["Launch", "Break", "Mobile journalism"], strict=True):
        session.title = title
        session.save()
    return {"ar": page.pk, "en": english.pk, "speaker": speaker.pk, "hidden": hidden.pk}


def test_event_file_parses_in_python_and_ical_js(client, events_index):
    page = event_page(
        events_index["en"],
        title="Digital Forum",
        slug="digital-forum",
        event_format="online",
        time_zone="Asia/Amman",
        start=dt.datetime(2031, 2, 3, 16, tzinfo=ZoneInfo("Asia/Amman")),
        end=dt.datetime(2031, 2, 4, 18, tzinfo=ZoneInfo("Asia/Amman")),
    )
    response = ics(client, f"/en/calendar/event/{page.pk}.ics")
    assert 'attachment; filename="digital-forum.ics"' == response["Content-Disposition"]
    calendar, events = parse(response)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Amman"]
    (event,) = events
    assert str(event["SUMMARY"]) == "Digital Forum"
    assert event.decoded("DTSTART") == dt.datetime(2031, 2, 3, 16, tzinfo=event.decoded("DTSTART").tzinfo)
    assert event.decoded("DTEND") == dt.datetime(2031, 2, 4, 18, tzinfo=event.decoded("DTEND").tzinfo)
    assert event["DTSTART"].params["TZID"] == "Asia/Amman"
    assert str(event["URL"]) == page.full_url
    assert str(event["LOCATION"]) == "Online"

    read = ical_js(response.content)
    assert read["timezones"] == ["Asia/Amman"]
    (seen,) = read["events"]
    assert seen["summary"] == "Digital Forum"
    assert seen["tzid"] == "Asia/Amman"
    assert seen["start_utc"] == "2031-02-03T13:00:00.000Z"
    assert seen["uid"] == str(event["UID"])


def test_a_programme_spread_over_weeks_gives_each_session_not_one_block(client, future_event):
    """The two-week programme meets on two days: its file holds those two sessions (breaks
    left out), each with its own time, not fourteen days in one entry."""
    page = future_event["en"]
    response = ics(client, f"/en/calendar/event/{page.pk}.ics")
    assert 'attachment; filename="dialogue.ics"' == response["Content-Disposition"]
    _, events = parse(response)
    assert [str(e["SUMMARY"]) for e in events] == [
        "Launch · Social Media as a Space for Dialogue",
        "Mobile journalism · Social Media as a Space for Dialogue",
    ]
    assert [e["DTSTART"].params["TZID"] for e in events] == ["Asia/Amman", "Asia/Amman"]
    assert str(events[0]["URL"]).startswith(page.full_url + "#session-")
    assert str(events[0]["LOCATION"]) == "Online"
    assert "Speaker: Maya Sukkar" in str(events[0]["DESCRIPTION"])
    read = ical_js(response.content)
    assert [(e["start_utc"], e["end_utc"]) for e in read["events"]] == [
        ("2031-02-03T13:00:00.000Z", "2031-02-03T14:30:00.000Z"),
        ("2031-02-10T13:00:00.000Z", "2031-02-10T14:00:00.000Z"),
    ]


def test_an_event_held_on_each_of_its_days_or_on_one_stays_one_entry(client, events_index):
    start = at(2031, 5, 10, 9)
    every_day = event_page(
        events_index["ar"],
        start=start,
        end=start + dt.timedelta(days=1, hours=8),
        sessions=[
            {"title": "اليوم الأول", "kind": "panel", "start": start, "end": start + dt.timedelta(hours=2)},
            {
                "title": "اليوم الثاني",
                "kind": "panel",
                "start": start + dt.timedelta(days=1),
                "end": start + dt.timedelta(days=1, hours=2),
            },
        ],
    )
    one_day = event_page(
        events_index["ar"],
        start=start,
        end=start + dt.timedelta(days=6),
        sessions=[{"title": "الجلسة", "kind": "panel", "start": start, "end": start + dt.timedelta(hours=2)}],
    )
    for page in (every_day, one_day):
        _, (event,) = parse(ics(client, f"/ar/calendar/event/{page.pk}.ics"))
        assert str(event["SUMMARY"]) == page.title
        assert event.decoded("DTEND") - event.decoded("DTSTART") == page.end - page.start


def test_text_is_in_the_language_of_the_url_and_the_uid_is_shared(client, future_event):
    _, arabic = parse(ics(client, f"/ar/calendar/event/{future_event['ar'].pk}.ics"))
    _, english = parse(ics(client, f"/en/calendar/event/{future_event['en'].pk}.ics"))
    assert str(arabic[0]["SUMMARY"]) == "الإطلاق · وسائل التواصل الاجتماعي مساحة للحوار"
    assert str(arabic[0]["LOCATION"]) == "عبر الإنترنت"
    assert [e["UID"] for e in arabic] == [e["UID"] for e in english]


def test_the_other_language_id_gives_the_page_in_the_url_language(client, future_event):
    _, events = parse(ics(client, f"/en/calendar/event/{future_event['ar'].pk}.ics"))
    assert str(events[0]["SUMMARY"]) == "Launch · Social Media as a Space for Dialogue"


def test_uid_is_stable_across_edits(client, future_event):
    page = future_event["ar"]
    _, before = parse(ics(client, f"/ar/calendar/event/{page.pk}.ics"))
    page.title = "عنوان جديد"
    page.start = page.start + dt.timedelta(hours=1)
    page.save_revision().publish()
    _, after = parse(ics(client, f"/ar/calendar/event/{page.pk}.ics"))
    assert [e["UID"] for e in before] == [e["UID"] for e in after]
    assert str(after[0]["SUMMARY"]) == "الإطلاق · عنوان جديد"


def test_agenda_file_has_the_event_and_its_sessions_without_breaks(client, future_event):
    page = future_event["en"]
    response = ics(client, f"/en/calendar/event/{page.pk}/agenda.ics")
    _, events = parse(response)
    assert [str(e["SUMMARY"]) for e in events] == [
        "Social Media as a Space for Dialogue",
        "Launch · Social Media as a Space for Dialogue",
        "Mobile journalism · Social Media as a Space for Dialogue",
    ]
    assert len({str(e["UID"]) for e in events}) == 3
    assert "Speaker: Maya Sukkar" in str(events[1]["DESCRIPTION"])
    read = ical_js(response.content)
    assert [e["start_utc"] for e in read["events"]][1:] == ["2031-02-03T13:00:00.000Z", "2031-02-10T13:00:00.000Z"]


def test_session_uids_are_shared_across_languages(client, future_event):
    _, arabic = parse(ics(client, f"/ar/calendar/event/{future_event['ar'].pk}/agenda.ics"))
    _, english = parse(ics(client, f"/en/calendar/event/{future_event['en'].pk}/agenda.ics"))
    assert [e["UID"] for e in arabic] == [e["UID"] for e in english]


def test_session_file(client, future_event):
    session = future_event["ar"].sessions.get(title="الإطلاق")
    response = ics(client, f"/ar/calendar/session/{session.pk}.ics")
    _, (event,) = parse(response)
    assert str(event["SUMMARY"]).startswith("الإطلاق")
    assert "مايا سكر" in str(event["DESCRIPTION"])
    assert ical_js(response.content)["events"][0]["start_utc"] == "2031-02-03T13:00:00.000Z"
    # The same session asked for under /en/ comes in English.
    _, (english,) = parse(ics(client, f"/en/calendar/session/{session.pk}.ics"))
    assert str(english["SUMMARY"]).startswith("Launch")


def test_files_carry_no_personal_data_or_meeting_links(client, future_event):
    page = future_event["en"]
    for url in (
        f"/en/calendar/event/{page.pk}.ics",
        f"/en/calendar/event/{page.pk}/agenda.ics",
        "/en/calendar/upcoming.ics",
        "/en/calendar/kind/programme.ics",
        "/en/calendar/organisation/kaiciid.ics",
    ):
        content = ics(client, url).content.decode()
        assert "meet.example.org" not in content, url
        assert "@private.example.org" not in content, url
        assert "Hidden Person" not in content and "شخص مخفي" not in content, url
        assert future_event["speaker"].phone not in content, url


def test_upcoming_feed_lists_only_upcoming_events_in_the_url_language(client, future_event, events_index):
    event_page(events_index["ar"], title="حدث سابق", start=at(2019, 1, 1, 9), end=at(2019, 1, 1, 12))
    now = timezone.now().astimezone(BAGHDAD)
    event_page(
        events_index["ar"], title="قريبًا", start=now + dt.timedelta(days=1), end=now + dt.timedelta(days=1, hours=2)
    )
    response = ics(client, "/ar/calendar/upcoming.ics")
    assert response["Content-Disposition"].startswith("inline")
    calendar, events = parse(response)
    assert [str(e["SUMMARY"]) for e in events] == ["قريبًا", "وسائل التواصل الاجتماعي مساحة للحوار"]
    assert sorted(str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")) == ["Asia/Amman", "Asia/Baghdad"]
    read = ical_js(response.content)
    assert len(read["events"]) == 2 and sorted(read["timezones"]) == ["Asia/Amman", "Asia/Baghdad"]


def test_kind_and_organisation_feeds(client, future_event, events_index):
    event_page(events_index["ar"], title="مؤتمر", kind="conference", start=at(2031, 5, 1, 9), end=at(2031, 5, 1, 17))
    _, events = parse(ics(client, "/en/calendar/kind/programme.ics"))
    assert [str(e["SUMMARY"]) for e in events] == ["Social Media as a Space for Dialogue"]
    _, events = parse(ics(client, "/ar/calendar/kind/conference.ics"))
    assert [str(e["SUMMARY"]) for e in events] == ["مؤتمر"]
    _, events = parse(ics(client, "/en/calendar/organisation/kaiciid.ics"))
    assert [str(e["SUMMARY"]) for e in events] == ["Social Media as a Space for Dialogue"]
    other = OrganisationFactory(slug="quiet")
    calendar, events = parse(ics(client, f"/en/calendar/organisation/{other.slug}.ics"))
    assert events == [] and ical_js(Calendar.to_ical(calendar))["events"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/en/calendar/event/999999.ics",
        "/en/calendar/event/99999999999999999999999999.ics",
        "/en/calendar/event/abc.ics",
        "/en/calendar/event/999999/agenda.ics",
        "/en/calendar/session/999999.ics",
        "/en/calendar/kind/party.ics",
        "/en/calendar/organisation/nobody.ics",
        "/en/calendar/organisation/%00.ics",
    ],
)
def test_unknown_records_are_a_404(client, events_index, url):
    assert_not_found(client.get(url), "en", hides=["BEGIN:VCALENDAR"])


def test_draft_event_has_no_calendar_file(client, events_index):
    page = event_page(events_index["ar"], title="Draft plans", summary="Not announced yet", publish=False)
    page.unpublish()
    response = client.get(f"/ar/calendar/event/{page.pk}.ics")
    assert_not_found(response, "ar", hides=["BEGIN:VCALENDAR", "Draft plans", "Not announced yet"])


def test_private_organisation_has_no_feed(client, events_index):
    hidden = OrganisationFactory(slug="hidden-org", is_public=False)
    response = client.get("/en/calendar/organisation/hidden-org.ics")
    assert_not_found(response, "en", hides=["BEGIN:VCALENDAR", hidden.name, hidden.name_ar])


def test_a_zones_vtimezone_is_built_once_for_a_span_of_years_and_keeps_its_changes():
    """Two files whose events fall in the same years share the zone's component, built once,
    and it holds the zone's changes of offset over those years (summer time in Berlin)."""
    from types import SimpleNamespace

    from icalendar import Event

    from events.ics import calendar_bytes, vtimezone

    berlin = ZoneInfo("Europe/Berlin")
    vtimezone.cache_clear()

    def calendar_of(start):
        event = Event()
        event.add("uid", f"{start:%m}@example.org")
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(hours=2))
        return Calendar.from_ical(calendar_bytes("n", [event], [SimpleNamespace(start=start, end=start)]))

    winter = calendar_of(dt.datetime(2030, 2, 1, 9, tzinfo=berlin))
    summer = calendar_of(dt.datetime(2030, 7, 1, 9, tzinfo=berlin))
    assert (vtimezone.cache_info().misses, vtimezone.cache_info().hits) == (1, 1)
    for calendar in (winter, summer):
        (zone,) = calendar.walk("VTIMEZONE")
        assert str(zone["TZID"]) == "Europe/Berlin"
        read = zone.to_tz()
        assert read.utcoffset(dt.datetime(2030, 2, 1, 9)) == dt.timedelta(hours=1)
        assert read.utcoffset(dt.datetime(2030, 7, 1, 9)) == dt.timedelta(hours=2)
        assert calendar.subcomponents[0].name == "VTIMEZONE"  # before the events that use it
