"""Attendee list exports: the list's filters and search followed, the columns chosen and
remembered, each format opened back (CSV with csv, XLSX with openpyxl, ODS with tablib, JSON,
PDF with pdftotext) with Arabic intact and formulas escaped; long lists as print jobs; bad
input refused with nothing written; other events' staff refused; every export audited."""

import csv
import html
import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry

from events import audit
from events.attendance.exports import service
from events.attendance.exports import writers as service_writers
from events.attendance.models import ExportChoice, Method, PrintJob
from events.attendance.services import check_in
from events.attendance.services.certificates import grouped, issue
from events.models import EventRole, EventTeamMember
from events.registrations.models import ParticipantRole, QuestionType, RegistrationStatus
from tests.events.attendance.test_printing import pages_text
from tests.events.registrations.test_tickets import BIDI_CONTROLS, pdf_info, pdf_text
from tests.factories.accounts import UserFactory
from tests.factories.attendance import desk_staff
from tests.factories.network import AffiliationFactory, OrganisationFactory, PersonFactory
from tests.factories.registrations import QuestionFactory, RegistrationFactory, SettingsFactory, event_page, organiser
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "exports"


@pytest.fixture
def listing(programme, seminars):
    """The seminar programme with a choice question and four registrations: Maha (Arabic
    and Latin names, an organisation, three seminars attended online and a certificate),
    a name a spreadsheet would run as a formula, a cancelled speaker, and one awaiting the
    participant's acceptance (staff see only what they entered)."""
    settings = SettingsFactory(event=programme, capacity=None)
    question = QuestionFactory(
        settings=settings,
        label="Your field",
        label_ar="مجالك",
        field_type=QuestionType.SINGLE_CHOICE,
        choices="Media\nEducation",
        choices_ar="إعلام\nتعليم",
        required=False,
    )
    maha = PersonFactory(name="Maha Dawood", name_ar="مها داود", gender="female", phone="+964 770 123 4567")
    AffiliationFactory(person=maha, organisation=OrganisationFactory(name="Tammuz Organisation", name_ar="منظمة تموز"))
    first = RegistrationFactory(event=programme, person=maha, answers={question.clean_name: "Media"})
    for slot in seminars[:3]:
        check_in(first, slot.key, method=Method.ONLINE, minutes=80)
    certificate, _created = issue(first)
    formula = RegistrationFactory(
        event=programme, person=PersonFactory(name='=HYPERLINK("http://evil.example","x")', name_ar="")
    )
    cancelled = RegistrationFactory(
        event=programme,
        person=PersonFactory(name="Saif Ali", name_ar="سيف علي"),
        status=RegistrationStatus.CANCELLED,
        role=ParticipantRole.SPEAKER,
        answers={question.clean_name: "Education"},
    )
    hidden = RegistrationFactory(
        event=programme,
        person=PersonFactory(name="Directory Name", email="directory@private.example.org"),
        awaiting_acceptance=True,
        entered_name="Entered Name",
        entered_email="entered@example.org",
    )
    return {
        "event": programme,
        "question": question,
        "maha": first,
        "formula": formula,
        "cancelled": cancelled,
        "hidden": hidden,
        "code": grouped(certificate.code),
        "seminars": seminars,
    }


@pytest.fixture
def manager(programme):
    return organiser(edit_pages_under=programme.get_parent())


def url(event, query=""):
    return f"/admin/attendance/{event.pk}/export/{query}"


def export(client, event, file_format="csv", columns=None, language="en", **query):
    """Posts the export form as an organiser working in ``language`` would."""
    data = {"format": file_format, "column": columns or service.remembered_keys(event), **query}
    for position, key in enumerate(data["column"], start=1):
        data[f"position-{key}"] = position
    return client.post(url(event), data, HTTP_ACCEPT_LANGUAGE=language)


def ods_rows(content):
    """An ODS file's first sheet as rows of text (numbers as ``("float", value)``), whether it
    runs right to left, and how many header cells are bold: read with the standard library."""
    import xml.etree.ElementTree as ET
    import zipfile

    names = {
        "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
        "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
        "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
        "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    }
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.namelist()[0] == "mimetype" and archive.read("mimetype").startswith(b"application/vnd.oasis")
        root = ET.fromstring(archive.read("content.xml"))  # noqa: S314 (the file this site just wrote)
    office, table, style = (f"{{{names[key]}}}" for key in ("office", "table", "style"))
    rows = []
    for row in root.iter(f"{table}table-row"):
        cells = []
        for cell in row.iter(f"{table}table-cell"):
            text = "\n".join("".join(p.itertext()) for p in cell.iter(f"{{{names['text']}}}p"))
            kind = cell.get(f"{office}value-type")
            cells.append((kind, cell.get(f"{office}value")) if kind == "float" else text)
        rows.append(cells)
    writing = [props.get(f"{style}writing-mode") for props in root.iter(f"{style}table-properties")]
    bold = sum(1 for cell in root.iter(f"{table}table-cell") if cell.get(f"{table}style-name") == "header")
    return {"rows": rows, "rtl": writing == ["rl-tb"], "bold": bold}


def content_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response):
    body = content_of(response)
    assert body.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for Arabic
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


class TestFormats:
    def test_csv_has_the_default_columns_and_every_value_as_documented(self, client, listing, manager):
        client.force_login(manager)
        response = export(client, listing["event"])
        event = listing["event"]
        assert response["Content-Disposition"] == (
            f'attachment; filename="attendees-{event.slug}-{timezone.localdate():%Y-%m-%d}.csv"'
        )
        header, *rows = csv_rows(response)
        assert header[:17] == [
            "Reference", "Name in Arabic script", "Name in Latin script", "Email", "Phone", "Organisation", "Title",
            "Country", "Governorate", "Gender", "Role", "Status", "Registered at", "Checked in", "Slots attended",
            "Minutes online", "Certificate",
        ]  # fmt: skip
        assert header[17] == "Your field" and len(header) == 17 + 1 + 4
        by_name = {row[2]: dict(zip(header, row, strict=True)) for row in rows}
        maha = by_name["Maha Dawood"]
        assert maha["Name in Arabic script"] == "مها داود" and maha["Organisation"] == "Tammuz Organisation"
        assert maha["Phone"] == "+964 770 123 4567" and maha["Gender"] == "Female"
        assert (maha["Checked in"], maha["Slots attended"], maha["Minutes online"]) == ("Yes", "3", "240")
        assert maha["Certificate"] == listing["code"] and maha["Your field"] == "Media"
        assert maha[listing["seminars"][0].label] == "Yes (80 min)" and maha[listing["seminars"][3].label] == ""
        assert by_name['\'=HYPERLINK("http://evil.example","x")']["Checked in"] == "No"
        hidden = by_name["Entered Name"]
        assert hidden["Email"] == "entered@example.org" and "directory@" not in str(rows)
        assert by_name["Saif Ali"]["Status"] == "Cancelled" and by_name["Saif Ali"]["Role"] == "Speaker"

    @pytest.mark.parametrize("file_format", ["csv", "json"])
    def test_a_streamed_list_in_arabic_has_arabic_values_whatever_language_is_active_when_it_is_read(
        self, client, listing, manager, file_format
    ):
        """The server reads a CSV or JSON stream after the view has returned, when the
        request's language may no longer be active: the values stay in the list's language."""
        from django.utils import translation

        client.force_login(manager)
        response = export(client, listing["event"], file_format, language="ar")
        with translation.override("en"):
            body = content_of(response).decode("utf-8-sig")
        if file_format == "csv":
            header, *rows = csv.reader(io.StringIO(body))
            values = {row[2]: dict(zip(header, row, strict=True)) for row in rows}
        else:
            data = json.loads(body)
            values = {row["name"]: {data["columns"][key]: value for key, value in row.items()} for row in data["rows"]}
        maha = values["Maha Dawood"]
        assert maha["الجنس"] == "أنثى" and maha["سُجّل حضوره"] == "نعم" and maha["الحالة"] == "مؤكَّد"
        assert values["Saif Ali"]["الحالة"] == "ملغى" and values["Saif Ali"]["الدور"] == "متحدث"

    def test_xlsx_in_arabic_is_right_to_left_with_a_frozen_bold_header_and_string_cells(self, client, listing, manager):
        client.force_login(manager)
        response = export(client, listing["event"], "xlsx", language="ar")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert sheet.sheet_view.rightToLeft and sheet.freeze_panes == "A2"
        header = [cell.value for cell in sheet[1]]
        assert header[:3] == ["الرقم المرجعي", "الاسم بالأحرف العربية", "الاسم بالأحرف اللاتينية"]
        assert all(cell.font.bold for cell in sheet[1]) and sheet.column_dimensions["B"].width > 8
        values = {row[2].value: row for row in sheet.iter_rows(min_row=2)}
        formula = values['\'=HYPERLINK("http://evil.example","x")'][2]
        assert formula.data_type == "s"
        maha = values["Maha Dawood"]
        assert maha[1].value == "مها داود" and maha[5].value == "منظمة تموز" and maha[14].value == 3
        assert maha[13].value == "نعم" and maha[17].value == "إعلام"

    def test_json_and_ods_carry_the_same_rows(self, client, listing, manager):
        client.force_login(manager)
        columns = ["reference", "name_ar", "name", "slots_attended", "registered_at"]
        body = json.loads(content_of(export(client, listing["event"], "json", columns)))
        assert list(body["columns"]) == columns and body["columns"]["name_ar"] == "Name in Arabic script"
        maha = next(row for row in body["rows"] if row["name"] == "Maha Dawood")
        assert maha["name_ar"] == "مها داود" and maha["slots_attended"] == 3 and "T" in maha["registered_at"]
        ods = ods_rows(export(client, listing["event"], "ods", columns, language="ar").content)
        assert ods["rtl"] and ods["rows"][0] == [
            "الرقم المرجعي", "الاسم بالأحرف العربية", "الاسم بالأحرف اللاتينية",
            "الأيام أو الجلسات المحضورة", "وقت التسجيل",
        ]  # fmt: skip
        assert ods["bold"] == 5
        maha = next(row for row in ods["rows"] if row[2] == "Maha Dawood")
        assert maha[1] == "مها داود" and maha[3] == ("float", "3")
        assert any(row[2] == '\'=HYPERLINK("http://evil.example","x")' for row in ods["rows"])

    def test_a_printable_pdf(self, client, listing, manager, tmp_path):
        client.force_login(manager)
        response = export(client, listing["event"], "pdf", ["name_ar", "name", "status"])
        assert response["Content-Type"] == "application/pdf"
        text = " ".join(pages_text(response.content, tmp_path))
        assert "Attendee list: Dialogue Seminars Programme" in text and "4 people" in text
        assert "Maha Dawood" in text and "Entered Name" in text and "Cancelled" in text

    @pytest.mark.parametrize("language", ["ar", "en"])
    def test_a_pdf_of_every_column_fits_its_pages_and_breaks_no_word(
        self, client, listing, manager, tmp_path, language
    ):
        """Every column chosen (22 with the programme's seminars and question): drawn on
        landscape A3 instead of running off an A4 page; a word is never split across lines
        unless it is wider than its column; dates read 2026-12-06 16:55 in both languages."""
        client.force_login(manager)
        event = listing["event"]
        keys = [column.key for column in service.all_columns(event)]
        response = export(client, event, "pdf", keys, language=language)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"attendees-all-columns-{language}.pdf").write_bytes(response.content)  # pdftoppm to look
        assert len(keys) > service_writers.A4_COLUMNS and "(A3)" in pdf_info(response.content, tmp_path)["Page size"]
        text = BIDI_CONTROLS.sub("", pdf_text(response.content, tmp_path)).replace("\xa0", " ")
        registered = timezone.localtime(listing["maha"].created_at, event.zone).strftime("%Y-%m-%d %H:%M")
        assert registered in text
        email = listing["maha"].person.email
        for words in ["مها داود", "Maha Dawood", email, "Confirmed" if language == "en" else "العراق"]:
            assert words in text, words  # on one line: not broken inside a word
        narrow = export(client, event, "pdf", ["name_ar", "name", "status"], language=language)
        assert pdf_info(narrow.content, tmp_path)["Page size"].split() == ["841.89", "x", "595.276", "pts", "(A4)"]


class TestFiltersAndColumns:
    def test_the_lists_filters_and_search_are_followed(self, client, listing, manager):
        client.force_login(manager)
        event, seminars = listing["event"], listing["seminars"]

        def names(**query):
            header, *rows = csv_rows(export(client, event, "csv", ["name"], **query))
            return sorted(row[0] for row in rows)

        assert names(status="cancelled") == ["Saif Ali"]
        assert names(role="speaker") == ["Saif Ali"]
        assert names(attendance="attended") == ["Maha Dawood"]
        assert "Maha Dawood" not in names(attendance="no_show")
        assert names(attendance=f"slot:{seminars[0].key}") == ["Maha Dawood"]
        assert names(attendance=f"slot:{seminars[3].key}") == []
        assert names(answer=f"{listing['question'].clean_name}=Education") == ["Saif Ali"]
        assert names(q="مها") == names(q="MAHA") == names(q="داود") == ["Maha Dawood"]
        assert names(q="entered@example") == ["Entered Name"]  # what staff entered, not the directory's
        assert names(q="directory@private") == []

    def test_a_filter_another_app_adds_to_the_list_is_followed_too(self, client, listing, manager):
        """The export keeps whatever filters the list has, those added through the hook
        included, and nothing else the address carries."""
        import django_filters
        from wagtail import hooks

        def by_reference(queryset, name, value):
            return queryset.filter(reference=value)

        def added(event):
            return {"ref": django_filters.CharFilter(label="Reference", method=by_reference)}

        client.force_login(manager)
        maha = listing["maha"]
        with hooks.register_temporarily("registration_list_filters", added):
            header, *rows = csv_rows(export(client, listing["event"], "csv", ["name"], ref=maha.reference, page="2"))
            entry = PageLogEntry.objects.filter(action=audit.EXPORT).latest("pk")
        assert rows == [["Maha Dawood"]]
        assert entry.data["filters"] == {"ref": maha.reference}

    def test_the_column_choice_and_order_are_remembered_for_the_event(self, client, listing, manager):
        client.force_login(manager)
        event = listing["event"]
        header, *rows = csv_rows(export(client, event, "csv", ["status", "name", "reference"]))
        assert header == ["Status", "Name in Latin script", "Reference"]
        assert ExportChoice.objects.get(event=event).columns == ["status", "name", "reference"]
        assert service.remembered_keys(event) == ["status", "name", "reference"]
        page = client.get(url(event), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        ticked = page[: page.index('value="status"') + 40]
        assert 'name="column" value="status" id="column-1" checked' in ticked
        assert 'name="column" value="email" id="column-5">' in page  # offered, not ticked

    def test_the_export_screen_in_arabic_with_the_lists_filters(self, client, listing, manager):
        client.force_login(manager)
        page = client.get(url(listing["event"], "?status=confirmed&q=Maha"), HTTP_ACCEPT_LANGUAGE="ar")
        text = page.content.decode()
        assert 'dir="rtl"' in text and "تصدير قائمة المشاركين" in text and "مجالك" in text
        assert '<input type="hidden" name="status" value="confirmed">' in text
        assert 'name="q" value="Maha"' in text
        assert "تسجيل واحد في القائمة بعد الترشيح." in text
        # The filters read in words, not as the address holds them.
        assert "<li>الحالة: <bdi>مؤكَّد</bdi></li>" in text and "<li>بحث: <bdi>Maha</bdi></li>" in text
        assert "status=confirmed</span>" not in text and "q=Maha</span>" not in text
        seminar = listing["seminars"][0]
        english = client.get(url(listing["event"], f"?attendance=slot:{seminar.key}"), HTTP_ACCEPT_LANGUAGE="en")
        assert f"<li>Attendance: <bdi>Present: {seminar.label}</bdi></li>" in english.content.decode()


class TestRefusals:
    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"status": "lost"}, "The list's filters were not understood."),
            ({"attendance": "slot:nowhere"}, "The list's filters were not understood."),
            ({"column": ["name", "password"]}, "The list of columns was not understood."),
            ({"column": []}, "Choose at least one column."),
            ({"format": "docx"}, "Choose a format."),
        ],
    )
    def test_bad_input_says_so_and_writes_nothing(self, client, listing, manager, data, message):
        client.force_login(manager)
        event = listing["event"]
        form = {"format": "csv", "column": ["name"], **data}
        response = client.post(url(event), form, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400 and message in html.unescape(response.content.decode())
        assert not PageLogEntry.objects.filter(action=audit.EXPORT).exists()
        assert not ExportChoice.objects.exists() and not PrintJob.objects.exists()

    def test_staff_of_another_event_get_nothing(self, client, listing, demo_site):
        event = listing["event"]
        other = event_page()
        reporter_elsewhere = UserFactory()
        EventTeamMember.objects.create(event=other, user=reporter_elsewhere, role=EventRole.REPORTER)
        for user in (organiser(edit_pages_under=other), reporter_elsewhere):
            reporter_group(user)
            client.force_login(user)
            assert_not_found(client.get(url(event), follow=True), "ar", hides=[event.title])
            response = client.post(url(event), {"format": "csv", "column": ["name", "email"]}, follow=True)
            assert_not_found(response, "ar", hides=["Maha Dawood", "entered@example.org"])
        client.force_login(desk_staff(event))
        response = client.post(url(event), {"format": "csv", "column": ["name"]})
        assert response.status_code == 302 and "/login/" in response["Location"]
        assert not PageLogEntry.objects.filter(action=audit.EXPORT).exists() and not PrintJob.objects.exists()


def reporter_group(user):
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name="Test admin access")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)


def test_a_reporter_of_the_event_exports_it_and_the_export_is_audited(client, listing):
    event = listing["event"]
    reporter = UserFactory()
    reporter_group(reporter)
    EventTeamMember.objects.create(event=event, user=reporter, role=EventRole.REPORTER)
    client.force_login(reporter)
    header, *rows = csv_rows(export(client, event, "csv", ["name", "email"], status="confirmed"))
    assert sorted(row[0] for row in rows) == ['\'=HYPERLINK("http://evil.example","x")', "Entered Name", "Maha Dawood"]
    entry = PageLogEntry.objects.get(action=audit.EXPORT)
    assert entry.page_id == event.pk and entry.user == reporter
    assert entry.data == {"rows": 3, "format": "csv", "filters": {"status": "confirmed"}, "columns": ["name", "email"]}


def test_a_long_list_is_drawn_by_a_print_job_and_downloaded(client, listing, manager, monkeypatch):
    monkeypatch.setitem(service.IN_REQUEST, "xlsx", 2)
    client.force_login(manager)
    response = export(client, listing["event"], "xlsx", ["name", "status"], language="en")
    job = PrintJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/print/{job.key}/")
    assert (job.kind, job.state, job.done, job.total) == ("export", "done", 4, 4)
    download = client.get(f"/admin/attendance/{listing['event'].pk}/print/{job.key}/pdf/")
    assert download["Content-Disposition"].startswith('attachment; filename="attendees-')
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    assert [cell.value for cell in sheet[1]] == ["Name in Latin script", "Status"] and sheet.max_row == 5
    assert not sheet.sheet_view.rightToLeft  # asked for in English


def test_the_csv_takes_the_same_queries_for_3_or_30_rows(client, programme, manager):
    """The export screen's own work (the user, the event and its permission, its questions
    and slots for the columns and the filters, the remembered choice, the count and the audit
    entry) and five queries per chunk of rows: the same for 3 rows as for 30."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(manager)
    keys = service.remembered_keys(programme)
    export(client, programme, columns=keys)  # the event's first export also saves its column choice
    counts = []
    for size in (3, 30):
        while programme.registrations.count() < size:
            AffiliationFactory(person=RegistrationFactory(event=programme).person)
        with CaptureQueriesContext(connection) as captured:
            rows = csv_rows(export(client, programme, columns=keys))
        assert len(rows) == size + 1
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1] <= 45, counts


def test_a_reporters_long_export_is_theirs_alone(client, listing, manager, monkeypatch):
    """A reporter follows and downloads the print job of the list they exported; the event's
    other print jobs (badges, another person's export) are not theirs to open."""
    monkeypatch.setitem(service.IN_REQUEST, "xlsx", 2)
    event = listing["event"]
    reporter = UserFactory()
    reporter_group(reporter)
    EventTeamMember.objects.create(event=event, user=reporter, role=EventRole.REPORTER)
    client.force_login(manager)
    export(client, event, "xlsx", ["name"])
    theirs = PrintJob.objects.get()
    client.force_login(reporter)
    response = export(client, event, "xlsx", ["name"], language="en")
    mine = PrintJob.objects.exclude(pk=theirs.pk).get()
    assert mine.requested_by == reporter and response["Location"].endswith(f"/print/{mine.key}/")
    assert "Attendee list" in client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    download = client.get(f"/admin/attendance/{event.pk}/print/{mine.key}/pdf/")
    assert openpyxl.load_workbook(io.BytesIO(download.content)).active.max_row == 5
    for path in ("", "status/", "pdf/"):
        response = client.get(f"/admin/attendance/{event.pk}/print/{theirs.key}/{path}", follow=True)
        assert_not_found(response, "ar", hides=["Maha Dawood"])
