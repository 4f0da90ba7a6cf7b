"""Online-meeting reports whose columns Multaqa cannot recognise (a meeting tool set to Arabic,
columns renamed in Excel): the upload goes to a step where the organiser chooses what each
column holds, then to the usual preview and confirmation. Choices that cannot be used, or a
tampered form, change nothing and say why in Arabic and in English; only the event's
organisers reach the step.

The Arabic column titles are test data made up for these tests («الاسم», «البريد الإلكتروني»,
«وقت الانضمام», «وقت المغادرة», «المدة (دقائق)»): they are not the titles any meeting tool is
known to write."""

import csv
import io

import openpyxl
import pytest

from events.attendance.meeting_reports import ReportError
from events.attendance.models import Attendance, MeetingReportUpload
from events.attendance.services import meeting_import
from events.attendance.services.meeting_import import MeetingImportError
from tests.events.attendance import test_meeting_import as imported
from tests.events.attendance.test_meeting_import import by_name, page_text, recorded, sample, upload_file
from tests.factories.attendance import desk_staff, plan
from tests.factories.registrations import event_page, organiser
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db

# The event of 1 and 2 March 2025, its registrations and its organiser, as the import's tests have them.
meeting_event, people, manager = imported.meeting_event, imported.people, imported.manager

ENGLISH = ["Name (original name)", "User Email", "Join time", "Leave time", "Duration (minutes)"]
ARABIC = ["الاسم", "البريد الإلكتروني", "وقت الانضمام", "وقت المغادرة", "المدة (دقائق)"]
CHOSEN = {"name": "0", "email": "1", "start": "2", "end": "3", "duration": "4", "tool": "zoom", "slot": ""}


def zoom_rows():
    """The sample Zoom report's rows, without its waiting-room row and the columns after the
    duration."""
    rows = list(csv.reader(io.StringIO(sample("zoom_participants.csv").decode("utf-8-sig"))))[1:]
    return [row[:5] for row in rows if row and row[-1] != "Yes"]


def report_file(header, rows, kind="csv"):
    if kind == "xlsx":
        workbook = openpyxl.Workbook()
        for cells in [header, *rows]:
            workbook.active.append(cells)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    return out.getvalue().encode("utf-8-sig")


def reports_url(event):
    return f"/admin/attendance/{event.pk}/reports/"


def columns_url(upload):
    return f"/admin/attendance/{upload.event_id}/reports/{upload.key}/columns/"


def report_url(upload):
    return f"/admin/attendance/{upload.event_id}/reports/{upload.key}/"


def waiting(event, header=ARABIC, rows=None, **options):
    """An upload of an Arabic-headed report waiting for its columns."""
    data = report_file(header, zoom_rows() if rows is None else rows)
    return meeting_import.keep_for_columns(event, data, filename="تقرير الحضور.csv", **options)


def unchanged(upload):
    upload.refresh_from_db()
    return upload.content is not None and upload.rows == [] and upload.applied_at is None


# The service


def test_a_report_read_with_chosen_columns_is_matched_as_its_english_twin(meeting_event, people):
    english = meeting_import.read_upload(meeting_event, report_file(ENGLISH, zoom_rows()), filename="en.csv")
    upload = waiting(meeting_event)
    assert (upload.tool, upload.rows, bytes(upload.content)[:3]) == ("", [], b"\xef\xbb\xbf")

    columns = {"name": 0, "email": 1, "start": 2, "end": 3, "duration": 4}
    read = meeting_import.read_columns(upload, columns, tool="zoom")

    upload.refresh_from_db()
    assert read.pk == upload.pk and upload.content is None
    assert (upload.tool, upload.slot) == ("zoom", english.slot)
    assert upload.rows == english.rows
    assert by_name(upload)["هاني ضوة (Hani Dawa)"] == ("matched", people["hani"].pk, 61, False)


def test_a_file_without_a_header_row_is_not_kept(meeting_event):
    assert meeting_import.keep_for_columns(meeting_event, b"Name,Email\r\nHani,h@example.org\r\n") is None
    assert not MeetingReportUpload.objects.exists()


def test_refused_columns_and_a_second_choice_write_nothing(meeting_event, people):
    upload = waiting(meeting_event)

    with pytest.raises(ReportError) as refused:
        meeting_import.read_columns(upload, {"name": 0}, tool="zoom")
    assert refused.value.code == "no_time" and unchanged(upload)

    meeting_import.read_columns(upload, {"name": 0, "duration": 4}, tool="other", slot_key="2025-03-01")
    upload.refresh_from_db()
    rows = upload.rows
    with pytest.raises(MeetingImportError) as again:
        meeting_import.read_columns(upload, {"name": 1, "duration": 4}, tool="zoom")
    upload.refresh_from_db()
    assert again.value.code == "columns_chosen" and upload.rows == rows and upload.tool == "other"


def test_an_upload_waiting_for_its_columns_cannot_be_confirmed(meeting_event, people):
    upload = waiting(meeting_event)

    with pytest.raises(MeetingImportError) as refused:
        meeting_import.apply_upload(upload)

    assert refused.value.code == "needs_columns" and unchanged(upload)
    assert not Attendance.objects.exists()


# The screens


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_upload_choose_the_columns_preview_and_record(client, meeting_event, people, manager, kind):
    plan(meeting_event, minimum_minutes=55)
    client.force_login(manager)

    response = upload_file(client, meeting_event, report_file(ARABIC, zoom_rows(), kind), name=f"تقرير.{kind}")

    upload = MeetingReportUpload.objects.get()
    assert (response.status_code, response["Location"]) == (302, columns_url(upload))
    assert unchanged(upload)
    # The preview's address sends to the columns while they are not chosen, and so does its form.
    assert client.get(report_url(upload))["Location"] == columns_url(upload)
    assert client.post(report_url(upload), {})["Location"] == columns_url(upload)
    listing = page_text(client.get(reports_url(meeting_event), HTTP_ACCEPT_LANGUAGE="en"))
    assert "Columns to choose" in listing and f'href="{columns_url(upload)}"' in listing

    page = page_text(client.get(columns_url(upload), HTTP_ACCEPT_LANGUAGE="en"))
    assert '<html lang="en" dir="ltr"' in page
    for text in ("Choose the columns", "What the columns hold", "Row 1 of the file", "Join time", "Leave time"):
        assert text in page
    assert '<span class="report-name" dir="auto">وقت الانضمام</span>' in page
    assert "Hani.Dawa@Example.org" in page and "03/01/2025 10:25:00 AM" in page  # sample rows beside their columns
    assert '<option value="2">Column 3: \u2068وقت الانضمام\u2069</option>' in page

    response = client.post(columns_url(upload), CHOSEN, HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, response["Location"]) == (302, report_url(upload))
    upload.refresh_from_db()
    assert upload.content is None and (upload.tool, upload.slot) == ("zoom", "2025-03-01")
    page = page_text(client.get(report_url(upload), HTTP_ACCEPT_LANGUAGE="en"))
    assert "Confirm and record attendance" in page and "matched by email" in page
    assert client.get(columns_url(upload))["Location"] == report_url(upload)

    response = client.post(report_url(upload), {}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    assert set(recorded(meeting_event)) == {people["hani"].pk, people["layla"].pk}
    listing = page_text(client.get(reports_url(meeting_event), HTTP_ACCEPT_LANGUAGE="en"))
    assert "Recorded" in listing and "Columns to choose" not in listing


def test_the_columns_step_in_arabic_offers_the_english_titles_it_knows(client, meeting_event, manager):
    client.force_login(manager)
    header = ["الاسم", "Join time", "Leave time", "<b>ملاحظة</b>"]
    rows = [["هاني ضوة", "03/01/2025 10:00", "03/01/2025 11:00", "<script>alert(1)</script>"]] * 2
    upload = waiting(meeting_event, header, rows, tool="teams")

    page = page_text(client.get(columns_url(upload), HTTP_ACCEPT_LANGUAGE="ar"))

    assert '<html lang="ar" dir="rtl"' in page
    for text in (
        "اختيار الأعمدة",
        "ما تحمله الأعمدة",
        "وقت الانضمام",
        "اسم العائلة",
        "أداة أخرى",
        "قراءة التقرير بهذه الأعمدة",
    ):
        assert text in page
    # Titles and cells are the file's text, shown escaped.
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>ملاحظة</b>" not in page and "&lt;b&gt;ملاحظة&lt;/b&gt;" in page
    # "Join time" and "Leave time" are known by their English names; the tool chosen on upload stays.
    assert '<option value="1" selected>' in section(page, "id_start")
    assert '<option value="2" selected>' in section(page, "id_end")
    assert '<option value="" selected>' in section(page, "id_name")
    assert '<option value="teams" selected>' in section(page, "id_tool")


def section(page, field_id):
    start = page.index(f'id="{field_id}"')
    return page[start : page.index("</select>", start)]


REFUSALS = [
    ({"duration": "4"}, "name", "Choose the column of the attendees", "اختر عمود أسماء الحاضرين"),
    (
        {"name": "0", "start": "0", "end": "3"},
        "start",
        "The column “الاسم” is chosen for two things.",
        "اختير العمود «الاسم» لأمرين.",
    ),
    ({"name": "0", "start": "2"}, "end", "Choose the columns of the join and the leave times", "اختر عمودَي وقت"),
    ({"first_name": "0", "duration": "4"}, "last_name", "or both the first-name and the last-name", "أو عمودَي الاسم"),
]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize(("chosen", "field", "english", "arabic"), REFUSALS, ids=["no-name", "same", "no-time", "half"])
def test_columns_that_cannot_be_used_are_refused_beside_their_field(
    client, meeting_event, manager, language, chosen, field, english, arabic
):
    client.force_login(manager)
    upload = waiting(meeting_event)

    response = client.post(columns_url(upload), {"tool": "zoom", "slot": "", **chosen}, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    page = page_text(response)
    beside = page[page.index(f'data-contentpath="{field}"') :]
    assert (english if language == "en" else arabic) in beside[: beside.index("</select>")]
    summary = "could not be read with these columns" if language == "en" else "تعذّرت قراءة التقرير بهذه الأعمدة"
    assert summary in page
    assert unchanged(upload) and not Attendance.objects.exists()


@pytest.mark.parametrize(
    "tampered",
    [
        {**CHOSEN, "name": "99"},
        {**CHOSEN, "duration": "-1"},
        {**CHOSEN, "email": "x"},
        {**CHOSEN, "start": "1.5"},
        {**CHOSEN, "tool": "webex"},
        {**CHOSEN, "tool": ""},
        {**CHOSEN, "slot": "1999-01-01"},
        {**CHOSEN, "waiting": "3", "name": ""},
        {},
    ],
    ids=["no-column", "negative", "text", "fraction", "tool", "no-tool", "slot", "unknown-kind", "empty"],
)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_tampered_form_changes_nothing_and_says_so(client, meeting_event, people, manager, tampered, language):
    client.force_login(manager)
    upload = waiting(meeting_event)

    response = client.post(columns_url(upload), tampered, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    page = page_text(response)
    assert ("could not be read with these columns" if language == "en" else "بهذه الأعمدة") in page
    assert 'class="error-message"' in page or "help-critical" in page
    assert unchanged(upload) and not Attendance.objects.exists()


def test_a_report_without_its_date_asks_for_the_day_on_the_step(client, meeting_event, people, manager):
    client.force_login(manager)
    upload = waiting(
        meeting_event, ["الاسم", "المدة (دقائق)"], [["هاني ضوة (Hani Dawa)", "62"], ["Layla Haddad", "59"]]
    )
    chosen = {"name": "0", "duration": "1", "tool": "other"}

    asked = client.post(columns_url(upload), {**chosen, "slot": ""}, HTTP_ACCEPT_LANGUAGE="ar")

    assert asked.status_code == 400 and unchanged(upload)
    assert "لا يذكر التقرير" in page_text(asked)
    response = client.post(columns_url(upload), {**chosen, "slot": "2025-03-02"})
    assert response.status_code == 302
    upload.refresh_from_db()
    assert (upload.tool, upload.slot) == ("other", "2025-03-02")
    assert by_name(upload)["Layla Haddad"] == ("matched", people["layla"].pk, 59, False)
    page = page_text(client.get(report_url(upload), HTTP_ACCEPT_LANGUAGE="ar"))
    assert "أداة أخرى" in page


def test_an_unreadable_file_and_one_without_a_header_still_get_their_refusal(client, meeting_event, manager):
    client.force_login(manager)

    for data, expected in [
        (b"%PDF-1.4 not a report", "This file cannot be read."),
        ("الاسم,البريد\r\nهاني,h@example.org\r\n".encode(), "not an attendance report from Zoom"),
    ]:
        response = upload_file(client, meeting_event, data)
        assert response.status_code == 400 and expected in page_text(response)
    assert not MeetingReportUpload.objects.exists()


def test_only_the_events_organisers_reach_the_step(client, meeting_event):
    """(Organisers share one group, their page permissions its: the event's own organiser is
    made only once the others have been turned away.)"""
    upload = waiting(meeting_event)
    other = event_page()
    theirs = waiting(other)

    client.force_login(organiser(edit_pages_under=event_page()))
    assert_not_found(client.get(columns_url(upload), follow=True), "ar", hides=["تقرير الحضور", "Hani"])
    assert_not_found(client.post(columns_url(upload), CHOSEN, follow=True), "ar", hides=["Hani"])
    client.force_login(desk_staff(meeting_event))
    for response in (client.get(columns_url(upload)), client.post(columns_url(upload), CHOSEN)):
        assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(organiser(edit_pages_under=meeting_event.get_parent()))
    for key in (theirs.key, upload.key[:-1] + ("A" if upload.key[-1] != "A" else "B")):
        response = client.get(f"/admin/attendance/{meeting_event.pk}/reports/{key}/columns/", follow=True)
        assert_not_found(response, "ar", hides=["Hani"])
    assert unchanged(upload) and unchanged(theirs)
