"""Online-meeting reports imported into attendance: rows matched to the event's confirmed
registrations by email and by name in either script, the same person under two spellings
merged, a preview where staff link the rest by hand, and one confirmation that records
everyone present at once. Bad files and bad links change nothing and say why, in Arabic and in
English; only the event's organisers see any of it."""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from events.attendance.meeting_reports import ReportError, parse_report
from events.attendance.models import Attendance, AttendanceChange, MeetingReportUpload, Method, SlotUnit
from events.attendance.services import meeting_import
from events.attendance.services.meeting_import import MeetingImportError, apply_upload, read_upload
from events.registrations.models import RegistrationStatus
from tests.factories.accounts import UserFactory
from tests.factories.attendance import desk_staff, plan
from tests.factories.network import PersonFactory
from tests.factories.registrations import RegistrationFactory, event_page, organiser
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db

REPORTS = Path(__file__).parent / "reports"
BAGHDAD = dt.timezone(dt.timedelta(hours=3))
ZOOM_HEADER = ["Name (original name)", "User Email", "Join time", "Leave time", "Duration (minutes)", "Guest"]


@pytest.fixture(autouse=True)
def english():
    """Service messages are checked in English unless a test asks for Arabic."""
    with translation.override("en"):
        yield


@pytest.fixture
def meeting_event(demo_site, demo_snapshots):
    """A two-day online event on 1 and 2 March 2025 (Baghdad time), the days of the sample
    reports, with an English translation."""
    from events.models import EventPage

    def build():
        start = dt.datetime(2025, 3, 1, 9, 0, tzinfo=BAGHDAD)
        return event_page(start=start, end=start + dt.timedelta(days=1, hours=8)).pk

    return EventPage.objects.get(pk=demo_snapshots.load("meeting-import-event", build))


def person(name, name_ar, email="", **fields):
    return PersonFactory(participant=True, name=name, name_ar=name_ar, email=email, **fields)


@pytest.fixture
def people(meeting_event):
    """The registrations the sample Zoom report's attendees belong to; Layla is found by her
    account's email, Mohammed by his Arabic name written with a shadda and an alef maqsura."""
    layla_account = UserFactory(email="layla.haddad@example.org")
    return {
        "hani": RegistrationFactory(
            event=meeting_event, person=person("Hani Dawa", "هاني ضوة", "hani.dawa@example.org")
        ),
        "layla": RegistrationFactory(
            event=meeting_event, person=person("Layla Haddad", "ليلى حداد", "", user=layla_account)
        ),
        "mohammed": RegistrationFactory(event=meeting_event, person=person("Mohammed Al-Rubaie", "محمّد الربيعى")),
        "sara": RegistrationFactory(event=meeting_event, person=person("Sara Al-Khatib", "سارة الخطيب")),
    }


@pytest.fixture
def manager(meeting_event):
    return organiser(edit_pages_under=meeting_event.get_parent(), first_name="Noor", last_name="Ali")


def sample(name):
    return (REPORTS / name).read_bytes()


def zoom(rows, day="03/01/2025", encoding="utf-8-sig"):
    """A Zoom participants export: one row per join, ``(name, email, "HH:MM", "HH:MM")``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ZOOM_HEADER)
    for name, email, start, end in rows:
        first, last = (dt.datetime.strptime(f"{day} {time}", "%m/%d/%Y %H:%M") for time in (start, end))
        minutes = round((last - first).total_seconds() / 60)
        writer.writerow([name, email, f"{day} {start}", f"{day} {end}", minutes, "No"])
    return out.getvalue().encode(encoding)


def by_name(upload):
    """``{first name in the report: (status, registration id, minutes, merged)}``."""
    return {
        row["names"][0] if row["names"] else "": (row["status"], row["registration"], row["minutes"], row["merged"])
        for row in upload.rows
    }


def recorded(event):
    """``{registration id: (method, minutes)}`` of the event's attendance."""
    return {
        record.registration_id: (record.method, record.minutes) for record in Attendance.objects.filter(event=event)
    }


def refused(callable_, *args, **kwargs):
    with pytest.raises((MeetingImportError, ReportError)) as caught:
        callable_(*args, **kwargs)
    return caught.value


# Matching


def test_rows_match_by_email_by_account_email_and_by_either_script_folded(meeting_event, people):
    upload = read_upload(meeting_event, sample("zoom_participants.csv"), filename="participants.csv")

    hani, layla, mohammed = (people[key].pk for key in ("hani", "layla", "mohammed"))
    assert by_name(upload) == {
        "هاني ضوة (Hani Dawa)": ("matched", hani, 61, False),
        "Layla Haddad": ("matched", layla, 59, False),
        "محمد الربيعي": ("matched", mohammed, 53, False),
        "+964 770 *** 4567": ("unmatched", None, 25, False),
    }
    assert [row["how"] for row in upload.rows] == ["email", "email", "name", ""]
    assert (upload.tool, upload.slot, upload.applied_at) == ("zoom", "2025-03-01", None)
    assert len(upload.key) == 32 and re.fullmatch(r"[\w-]+", upload.key)
    assert not Attendance.objects.exists()  # nothing is recorded before the confirmation


def test_a_display_name_in_latin_script_matches_the_arabic_registrations_latin_name(meeting_event, people):
    data = zoom([("hani dawa (Guest)", "", "10:00", "11:00"), ("ليلى حدّاد", "", "10:00", "10:45")])

    upload = read_upload(meeting_event, data)

    assert by_name(upload) == {
        "hani dawa (Guest)": ("matched", people["hani"].pk, 60, False),
        "ليلى حدّاد": ("matched", people["layla"].pk, 45, False),
    }


def test_a_row_fitting_two_registrations_is_ambiguous(meeting_event, people):
    other = RegistrationFactory(event=meeting_event, person=person("Layla Haddad", "ليلى حداد", "l.h@example.net"))

    upload = read_upload(meeting_event, zoom([("Layla Haddad", "", "10:00", "11:00")]))

    (row,) = upload.rows
    assert (row["status"], row["registration"]) == ("ambiguous", None)
    assert row["candidates"] == sorted([people["layla"].pk, other.pk])


def test_the_same_person_under_two_spellings_is_merged_and_overlap_counted_once(meeting_event, people):
    data = zoom([("Sara Al-Khatib", "", "10:00", "10:40"), ("سارة الخطيب", "", "10:30", "11:00")])

    upload = read_upload(meeting_event, data)

    (row,) = upload.rows
    assert (row["registration"], row["minutes"], row["merged"]) == (people["sara"].pk, 60, True)
    assert row["names"] == ["Sara Al-Khatib", "سارة الخطيب"]
    apply_upload(upload)
    assert recorded(meeting_event) == {people["sara"].pk: (Method.ONLINE, 60)}


def test_cancelled_waitlisted_and_unaccepted_registrations_are_never_matched(meeting_event):
    for status in (RegistrationStatus.CANCELLED, RegistrationStatus.WAITLISTED):
        RegistrationFactory(event=meeting_event, status=status, person=person("Omar Saleh", "عمر صالح"))
    RegistrationFactory(
        event=meeting_event, awaiting_acceptance=True, person=person("Zainab Kareem", "زينب كريم", "zainab@example.org")
    )
    data = zoom([("Omar Saleh", "", "10:00", "11:00"), ("Zainab Kareem", "zainab@example.org", "10:00", "11:00")])

    upload = read_upload(meeting_event, data)

    assert [(row["status"], row["candidates"]) for row in upload.rows] == [("unmatched", []), ("unmatched", [])]


def test_merged_minutes_never_exceed_the_rows_minutes_added_up():
    """Teams' participants list without activities gives each row its first join and last
    leave: two such spans overlapping say nothing of presence, so the measured minutes are
    added, at most."""
    row = {"minutes": 20, "outside": 0}
    rows = [
        {**row, "intervals": [["2025-03-01T10:00:00", "2025-03-01T11:00:00"]]},
        {**row, "intervals": [["2025-03-01T10:30:00", "2025-03-01T11:30:00"]]},
    ]

    assert meeting_import.merged_minutes(rows) == 40


# Minimum, confirmation, links


def test_confirmation_records_everyone_present_at_once_and_only_once(meeting_event, people, manager):
    plan(meeting_event, minimum_minutes=55)
    upload = read_upload(meeting_event, sample("zoom_participants.csv"), by=manager)

    counts = apply_upload(upload, by=manager)

    assert counts == {"recorded": 2, "already": 0}
    # Mohammed's 53 minutes are too short; the phone number matched nobody.
    assert recorded(meeting_event) == {people["hani"].pk: ("online", 61), people["layla"].pk: ("online", 59)}
    first = Attendance.objects.get(registration=people["hani"])
    assert (first.slot, first.recorded_by, first.at) == (
        "2025-03-01",
        manager,
        dt.datetime(2025, 3, 1, 6, 59, 40, tzinfo=dt.UTC),
    )
    upload.refresh_from_db()
    assert upload.applied_at is not None
    changes = AttendanceChange.objects.count()

    error = refused(apply_upload, upload, by=manager)

    assert (error.code, str(error)) == ("already_applied", "This report has already been recorded.")
    assert AttendanceChange.objects.count() == changes and Attendance.objects.count() == 2


def test_rows_linked_by_hand_are_recorded_and_merged_with_a_match(meeting_event, people):
    data = zoom(
        [
            ("Hani Dawa", "hani.dawa@example.org", "10:00", "10:30"),
            ("Hani's phone", "", "10:20", "11:00"),
            ("S. Khatib", "", "10:00", "10:50"),
        ]
    )
    upload = read_upload(meeting_event, data)
    phone, khatib = (row["key"] for row in upload.rows[1:])

    apply_upload(upload, links={phone: people["hani"].pk, khatib: people["sara"].pk})

    assert recorded(meeting_event) == {people["hani"].pk: ("online", 60), people["sara"].pk: ("online", 50)}
    upload.refresh_from_db()
    assert [(row["names"], row["how"], row["merged"]) for row in upload.rows] == [
        (["Hani Dawa", "Hani's phone"], "email", True),
        (["S. Khatib"], "hand", False),
    ]


def test_linking_a_row_to_another_events_registration_writes_nothing(meeting_event, people):
    stranger = RegistrationFactory(event=event_page(), person=person("Saad Jalil", "سعد جليل"))
    upload = read_upload(meeting_event, sample("zoom_participants.csv"))
    unmatched = upload.rows[-1]["key"]

    error = refused(apply_upload, upload, links={unmatched: stranger.pk})

    assert error.code == "not_registered"
    assert str(error) == "A row is linked to someone who is not a confirmed participant of this event."
    upload.refresh_from_db()
    assert upload.applied_at is None and not Attendance.objects.exists() and not AttendanceChange.objects.exists()


def test_a_report_with_nobody_to_record_is_not_applied(meeting_event, people):
    plan(meeting_event, minimum_minutes=90)
    upload = read_upload(meeting_event, sample("zoom_participants.csv"))

    error = refused(apply_upload, upload)

    assert error.code == "nothing_to_record"
    upload.refresh_from_db()
    assert upload.applied_at is None and not Attendance.objects.exists()


def test_a_registration_cancelled_after_the_upload_is_left_out(meeting_event, people):
    upload = read_upload(meeting_event, sample("zoom_participants.csv"))
    people["layla"].status = RegistrationStatus.CANCELLED
    people["layla"].save()

    apply_upload(upload)

    assert set(recorded(meeting_event)) == {people["hani"].pk, people["mohammed"].pk}


# The slot


def test_a_report_dated_on_no_day_of_the_event_is_refused(meeting_event, people):
    data = zoom([("Hani Dawa", "", "10:00", "11:00")], day="03/05/2025")

    error = refused(read_upload, meeting_event, data)

    assert error.code == "not_a_slot"
    assert str(error) == (
        "The meeting in this report took place on 5 March 2025, which is not a day or session of this event."
    )
    assert not MeetingReportUpload.objects.exists()


def test_a_chosen_day_must_be_the_meetings_day(meeting_event, people):
    error = refused(read_upload, meeting_event, sample("zoom_participants.csv"), slot_key="2025-03-02")

    assert error.code == "another_day"
    assert str(error) == "The report is of a meeting on 1 March 2025, but 2 March 2025 is on another day."
    upload = read_upload(meeting_event, sample("zoom_participants.csv"), slot_key="2025-03-01")
    assert upload.slot == "2025-03-01"


@pytest.fixture
def seminars(demo_site):
    """A programme taking attendance per session: two sessions on 1 March, one on 8 March."""
    from tests.factories.events import at
    from tests.factories.events import event_page as page_with_sessions

    sessions = [
        {"title": "Morning seminar", "start": at(2025, 3, 1, 10), "end": at(2025, 3, 1, 11)},
        {"title": "Evening seminar", "start": at(2025, 3, 1, 18), "end": at(2025, 3, 1, 19)},
        {"title": "Second week", "start": at(2025, 3, 8, 10), "end": at(2025, 3, 8, 11)},
    ]
    event = page_with_sessions(start=at(2025, 3, 1, 10), end=at(2025, 3, 8, 11), sessions=sessions)
    plan(event, unit=SlotUnit.SESSION)
    RegistrationFactory(event=event, person=person("Hani Dawa", "هاني ضوة", "hani.dawa@example.org"))
    return event


def test_per_session_the_one_session_on_the_date_is_taken_and_several_are_asked_for(seminars):
    morning, evening, later = (str(session.key) for session in seminars.sessions.order_by("start"))
    week_two = zoom([("Hani Dawa", "", "10:00", "11:00")], day="03/08/2025")

    assert read_upload(seminars, week_two).slot == later
    error = refused(read_upload, seminars, sample("zoom_participants.csv"))
    assert error.code == "several_slots"
    assert str(error) == "Several sessions took place on 1 March 2025: choose the one this report is for."
    assert [slot.key for slot in error.slots] == [morning, evening]
    assert read_upload(seminars, sample("zoom_participants.csv"), slot_key=evening).slot == evening


# Files


def test_a_report_from_an_unknown_tool_is_refused_and_nothing_is_kept(meeting_event, people):
    data = "الاسم,البريد الإلكتروني,الجهة\r\nهاني ضوة,hani.dawa@example.org,ملتقى\r\n".encode()

    error = refused(read_upload, meeting_event, data)

    assert error.code == "unknown_tool"
    assert "not an attendance report from Zoom, Microsoft Teams or Google Meet" in str(error)
    assert not MeetingReportUpload.objects.exists()


def test_arabic_names_in_windows_1256_are_read_and_matched(meeting_event, people):
    data = zoom([("هاني ضوة", "", "10:00", "11:30"), ("سارة الخطيب", "", "10:10", "11:00")], encoding="cp1256")
    assert "هاني".encode("cp1256") in data and "هاني".encode() not in data

    upload = read_upload(meeting_event, data)

    assert by_name(upload) == {
        "هاني ضوة": ("matched", people["hani"].pk, 90, False),
        "سارة الخطيب": ("matched", people["sara"].pk, 50, False),
    }


def test_teams_utf16_report_is_matched_the_same_way(meeting_event, people):
    upload = read_upload(meeting_event, sample("teams_attendance.csv"), filename="attendance.csv")

    assert upload.tool == "teams" and upload.slot == "2025-03-01"
    matched = {row["registration"] for row in upload.rows if row["status"] == "matched"}
    assert people["hani"].pk in matched
    assert parse_report(sample("teams_attendance.csv")).meeting_date == dt.date(2025, 3, 1)


# The screens


def upload_file(client, event, data, name="participants.csv", language="en", follow=False, **fields):
    return client.post(
        f"/admin/attendance/{event.pk}/reports/",
        {"file": SimpleUploadedFile(name, data, content_type="text/csv"), "tool": "", "slot": "", **fields},
        HTTP_ACCEPT_LANGUAGE=language,
        follow=follow,
    )


def page_text(response):
    return response.content.decode()


def row_html(page, key):
    """The preview's table row of the report row ``key``."""
    start = page.index(f'data-row="{key}"')
    return page[start : page.index("</tr>", start)]


def test_upload_then_preview_then_confirm_in_english(client, meeting_event, people, manager):
    plan(meeting_event, minimum_minutes=55)
    client.force_login(manager)

    response = upload_file(client, meeting_event, sample("zoom_participants.csv"))

    upload = MeetingReportUpload.objects.get()
    url = f"/admin/attendance/{meeting_event.pk}/reports/{upload.key}/"
    assert (response.status_code, response["Location"]) == (302, url)
    page = page_text(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    assert '<html lang="en" dir="ltr"' in page
    for text in ("Present", "Too short", "Not matched", "matched by email", "matched by name", "Confirm and record"):
        assert text in page
    hani = row_html(page, "1")
    assert hani.index('dir="ltr">Hani Dawa<') < hani.index('dir="rtl">هاني ضوة<')  # English first
    assert "matched by email" in hani and ">61<" in hani
    assert '<span class="report-name" dir="ltr">+964 770 *** 4567</span>' in row_html(page, "4")
    option = "\u2068Hani Dawa\u2069 — \u2068هاني ضوة\u2069 — \u2068hani.dawa@example.org\u2069"
    assert f'<option value="{people["hani"].pk}">{option}</option>' in row_html(page, "4")
    section = page[page.index('id="group-short"') :]
    assert "محمد الربيعي" in section[: section.index("</section>")]
    assert not Attendance.objects.exists()

    unmatched = upload.rows[-1]["key"]
    response = client.post(url, {f"link-{unmatched}": people["sara"].pk}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    assert set(recorded(meeting_event)) == {people["hani"].pk, people["layla"].pk}  # Sara's 25 minutes are short
    page = page_text(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Newly present: 2. Already recorded before: 0." in page
    assert "This report was recorded on" in page and "Confirm and record" not in page
    again = client.post(url, {f"link-{unmatched}": people["sara"].pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 400 and "This report has already been recorded." in page_text(again)
    assert Attendance.objects.count() == 2
    listing = page_text(client.get(f"/admin/attendance/{meeting_event.pk}/reports/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "participants.csv" in listing and "Recorded" in listing and "Noor Ali" in listing


def test_an_xlsx_report_is_read_like_its_csv(client, meeting_event, people, manager):
    workbook = openpyxl.Workbook()
    rows = csv.reader(io.StringIO(sample("zoom_participants.csv").decode("utf-8-sig")))
    for cells in rows:
        workbook.active.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(manager)

    response = upload_file(client, meeting_event, buffer.getvalue(), name="participants.xlsx")

    assert response.status_code == 302
    upload = MeetingReportUpload.objects.get()
    assert (upload.filename, upload.tool) == ("participants.xlsx", "zoom")
    assert by_name(upload)["هاني ضوة (Hani Dawa)"] == ("matched", people["hani"].pk, 61, False)


def test_the_arabic_preview_is_right_to_left_and_in_arabic(client, meeting_event, people, manager):
    client.force_login(manager)
    upload_file(client, meeting_event, sample("zoom_participants.csv"), language="ar")
    upload = MeetingReportUpload.objects.get()

    page = page_text(
        client.get(f"/admin/attendance/{meeting_event.pk}/reports/{upload.key}/", HTTP_ACCEPT_LANGUAGE="ar")
    )

    assert '<html lang="ar" dir="rtl"' in page
    for text in ("حاضرون", "غير مطابَقة", "أقصر من الحد الأدنى", "تأكيد الحضور وتسجيله", "الاسم في التقرير"):
        assert text in page
    hani = row_html(page, "1")
    assert hani.index('dir="rtl">هاني ضوة<') < hani.index('dir="ltr">Hani Dawa<')  # Arabic first
    assert "مطابَق بالبريد الإلكتروني" in hani
    assert "Confirm and record" not in page


def test_the_upload_screen_lists_the_fields_in_arabic(client, meeting_event, manager):
    client.force_login(manager)

    page = page_text(client.get(f"/admin/attendance/{meeting_event.pk}/reports/", HTTP_ACCEPT_LANGUAGE="ar"))

    assert '<html lang="ar" dir="rtl"' in page
    for text in ("تقرير الحضور", "أداة الاجتماع", "اليوم أو الجلسة", "قراءة التقرير", "لم يُرفع أي تقرير"):
        assert text in page


@pytest.mark.parametrize(
    ("language", "data", "expected"),
    [
        ("en", b"", "The report lists no attendees."),
        ("ar", b"", "لا يتضمن التقرير أي حاضرين."),
        ("en", b"Name,Join time\r\n" + b"x" * (5 * 1024 * 1024), "The file is larger than 5 MB."),
        ("ar", b"Name,Join time\r\n" + b"x" * (5 * 1024 * 1024), "حجم الملف أكبر من 5 ميغابايت."),
        ("en", b"Name,Email\r\nHani,h@example.org\r\n", "not an attendance report from Zoom"),
        ("en", zoom([("Hani Dawa", "", "10:00", "11:00")], day="04/01/2025"), "took place on 1 April 2025"),
        ("ar", zoom([("Hani Dawa", "", "10:00", "11:00")], day="04/01/2025"), "وهو ليس يومًا ولا جلسة من هذه الفعالية"),
    ],
    ids=["empty-en", "empty-ar", "too-large-en", "too-large-ar", "unknown-tool", "no-slot-en", "no-slot-ar"],
)
def test_bad_files_are_refused_on_the_form_in_the_users_language(
    client, meeting_event, manager, language, data, expected
):
    client.force_login(manager)

    response = upload_file(client, meeting_event, data, language=language)

    assert response.status_code == 400
    assert expected in page_text(response)
    assert not MeetingReportUpload.objects.exists()


def test_a_report_of_another_tool_than_the_one_chosen_is_refused(client, meeting_event, manager):
    client.force_login(manager)

    response = upload_file(client, meeting_event, sample("zoom_participants.csv"), tool="teams")

    assert response.status_code == 400
    assert "This is a Zoom report, not a Microsoft Teams one." in page_text(response)
    assert not MeetingReportUpload.objects.exists()


def test_several_sessions_on_the_date_are_asked_for_on_the_form(client, seminars, demo_site):
    client.force_login(organiser(edit_pages_under=seminars.get_parent()))
    evening = str(seminars.sessions.order_by("start")[1].key)

    asked = upload_file(client, seminars, sample("zoom_participants.csv"))

    assert asked.status_code == 400
    assert "Several sessions took place on 1 March 2025: choose the one this report is for." in page_text(asked)
    assert not MeetingReportUpload.objects.exists()
    chosen = upload_file(client, seminars, sample("zoom_participants.csv"), slot=evening)
    assert chosen.status_code == 302 and MeetingReportUpload.objects.get().slot == evening


def test_the_preview_flags_one_person_seen_under_two_spellings(client, meeting_event, people, manager):
    client.force_login(manager)
    upload_file(
        client, meeting_event, zoom([("Sara Al-Khatib", "", "10:00", "10:40"), ("سارة الخطيب", "", "10:30", "11:00")])
    )
    upload = MeetingReportUpload.objects.get()

    page = page_text(
        client.get(f"/admin/attendance/{meeting_event.pk}/reports/{upload.key}/", HTTP_ACCEPT_LANGUAGE="ar")
    )

    row = page[page.index('data-row="1"') : page.index("</tr>", page.index('data-row="1"'))]
    assert "Sara Al-Khatib" in row and "سارة الخطيب" in row and ">60<" in row
    assert "الشخص نفسه بأكثر من اسم أو جهاز: دُمجت صفوفه وحُسبت دقائقه مرة واحدة." in row
    assert page.count("data-row=") == 1


def test_a_link_to_another_events_registration_is_refused_on_the_page(client, meeting_event, people, manager):
    stranger = RegistrationFactory(event=event_page(), person=person("Saad Jalil", "سعد جليل"))
    client.force_login(manager)
    upload_file(client, meeting_event, sample("zoom_participants.csv"))
    upload = MeetingReportUpload.objects.get()
    url = f"/admin/attendance/{meeting_event.pk}/reports/{upload.key}/"

    response = client.post(url, {f"link-{upload.rows[-1]['key']}": stranger.pk}, HTTP_ACCEPT_LANGUAGE="ar")

    assert response.status_code == 400
    assert "مشاركًا مؤكَّدًا" in page_text(response)
    assert "سعد جليل" not in page_text(response)
    upload.refresh_from_db()
    assert upload.applied_at is None and not Attendance.objects.exists()


def test_another_events_upload_key_and_a_made_up_key_are_not_found(client, meeting_event, people, manager):
    other = event_page()
    theirs = read_upload(other, zoom([("Someone", "", "10:00", "11:00")], day=other.local_start.strftime("%m/%d/%Y")))
    client.force_login(manager)

    for key in (theirs.key, "x" * 32):
        response = client.get(f"/admin/attendance/{meeting_event.pk}/reports/{key}/", follow=True)
        assert_not_found(response, "ar", hides=["Someone"])
    response = client.post(f"/admin/attendance/{meeting_event.pk}/reports/{theirs.key}/", follow=True)
    assert_not_found(response, "ar")
    theirs.refresh_from_db()
    assert theirs.applied_at is None


def test_organisers_of_another_event_and_desk_staff_see_nothing(client, meeting_event, people):
    upload = read_upload(meeting_event, sample("zoom_participants.csv"), filename="secret-meeting.csv")
    urls = [
        f"/admin/attendance/{meeting_event.pk}/reports/",
        f"/admin/attendance/{meeting_event.pk}/reports/{upload.key}/",
    ]

    client.force_login(organiser(edit_pages_under=event_page()))
    for url in urls:
        assert_not_found(client.get(url, follow=True), "ar", hides=[meeting_event.title, "secret-meeting.csv", "Hani"])
    response = upload_file(client, meeting_event, sample("zoom_participants.csv"), follow=True)
    assert_not_found(response, "en", hides=[meeting_event.title])

    client.force_login(desk_staff(meeting_event))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    response = client.post(urls[1], {})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert MeetingReportUpload.objects.count() == 1 and not Attendance.objects.exists()


def test_the_preview_takes_as_many_queries_for_40_rows_as_for_3(
    client, meeting_event, manager, django_assert_max_num_queries
):
    client.force_login(manager)

    def preview_of(count):
        rows = []
        for number in range(count):
            registered = person(f"Guest {count}-{number}", f"ضيف {count}-{number}", f"g{count}-{number}@example.org")
            RegistrationFactory(event=meeting_event, person=registered)
            rows.append((registered.name, "", "10:00", "11:00"))
        rows.append(("Nobody Known", "", "10:00", "10:20"))
        upload = read_upload(meeting_event, zoom(rows))
        return f"/admin/attendance/{meeting_event.pk}/reports/{upload.key}/"

    few, many = preview_of(3), preview_of(40)
    client.get(few)  # the admin's caches (site, locales) warm up
    with django_assert_max_num_queries(40) as counted:
        assert "Nobody Known" in page_text(client.get(few))
    with django_assert_max_num_queries(len(counted.captured_queries)):
        page = page_text(client.get(many))
    assert page.count('data-status="present"') == 40


def test_an_upload_left_unconfirmed_for_a_week_is_forgotten_at_the_next_upload(meeting_event, people, manager):
    """What it read (names and addresses from the meeting) and a file kept for its columns go;
    a confirmed upload stays as the record of what was imported."""
    abandoned = read_upload(meeting_event, sample("zoom_participants.csv"), by=manager)
    kept_file = MeetingReportUpload.objects.create(event=meeting_event, key="for-columns", content=b"a,b\n1,2\n")
    confirmed = read_upload(meeting_event, sample("zoom_participants.csv"), by=manager)
    apply_upload(confirmed, by=manager)
    recent = read_upload(meeting_event, sample("zoom_participants.csv"), by=manager)
    eight_days_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=8)
    MeetingReportUpload.objects.exclude(pk=recent.pk).update(uploaded_at=eight_days_ago)

    newest = read_upload(meeting_event, sample("zoom_participants.csv"), by=manager)

    assert set(MeetingReportUpload.objects.values_list("pk", flat=True)) == {confirmed.pk, recent.pk, newest.pk}
    assert not MeetingReportUpload.objects.filter(pk__in=[abandoned.pk, kept_file.pk]).exists()


def test_the_events_uploads_go_when_its_personal_data_is_erased_and_the_attendance_stays(
    meeting_event, people, manager
):
    from events.registrations.models import RegistrationSettings
    from events.registrations.services.retention import erase

    RegistrationSettings.objects.update_or_create(event=meeting_event, defaults={"retention_days": 0})
    upload = read_upload(meeting_event, sample("zoom_participants.csv"), by=manager)
    apply_upload(upload, by=manager)
    other_event = event_page()
    elsewhere = MeetingReportUpload.objects.create(event=other_event, key="other-event", rows=[{"name": "Someone"}])

    erasure = erase(meeting_event.pk)

    assert erasure.other == 1
    assert list(MeetingReportUpload.objects.values_list("pk", flat=True)) == [elsewhere.pk]
    assert len(recorded(meeting_event)) == 3
