"""Registration imports: a Google Forms export with Arabic headers and answers, a Windows
Arabic CSV, an XLSX file; the mapping proposed and remembered; the preview of every row (new,
in the directory, already registered, repeated, error); one transaction through the
registration service (capacity, waiting list, overrides recorded); refusals that write
nothing; organisers of other events and reporters refused."""

import csv
import datetime as dt
import html
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import PageLogEntry

from events import audit
from events.models import EventRole, EventTeamMember
from events.registrations.models import (
    ImportMapping,
    QuestionType,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    StatusChange,
)
from network.models import Person
from tests.factories.accounts import UserFactory
from tests.factories.network import PersonFactory
from tests.factories.registrations import QuestionFactory, RegistrationFactory, SettingsFactory, event_page, organiser
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db

HEADERS = ["Timestamp", "الاسم", "Email Address", "الجنس", "المحافظة", "مجالك", "هل تحتاج تأشيرة؟", "Comments"]
ROWS = [
    ["2025/03/01 10:02:11 AM GMT+3", "مها داود", "maha@example.org", "أنثى", "البصرة", "إعلام", "نعم", "first"],
    ["2025/03/01 11:15:00 AM GMT+3", "علي حسن", "Existing@Example.org", "ذكر", "", "Education", "No", ""],
    ["2025/03/01 12:00:00 PM GMT+3", "سارة كريم", "already@example.org", "أنثى", "بغداد", "تعليم", "لا", ""],
    ["2025/03/02 09:30:00 AM GMT+3", "مها داود", "MAHA@example.org", "أنثى", "بغداد", "إعلام", "نعم", "again"],
    ["2025/03/02 10:00:00 AM GMT+3", '=HYPERLINK("http://x")', "bad@example.org", "unknown", "", "", "نعم", ""],
    ["2025/03/02 10:05:00 AM GMT+3", "زينب علي", "zainab@example.org", "أنثى", "نينوى", "إعلام", "نعم", ""],
]


def csv_file(rows=ROWS, headers=HEADERS, encoding="utf-8-sig"):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([headers, *rows])
    return buffer.getvalue().encode(encoding)


@pytest.fixture
def setup(demo_site):
    """An event with three seats and a waiting list, a choice question and a required yes/no
    question; a person the directory has, and one already registered."""
    event = event_page()
    settings = SettingsFactory(event=event, capacity=3, waitlist_enabled=True)
    field = QuestionFactory(
        settings=settings, label="Your field", label_ar="مجالك", field_type=QuestionType.SINGLE_CHOICE,
        choices="Media\nEducation", choices_ar="إعلام\nتعليم", required=False,
    )  # fmt: skip
    visa = QuestionFactory(
        settings=settings, label="Do you need a visa?", label_ar="هل تحتاج تأشيرة؟", field_type=QuestionType.YES_NO
    )
    existing = PersonFactory(name="Ali Hasan", name_ar="", email="existing@example.org", phone="+964 770 000 0001",
                             governorate="", gender="")  # fmt: skip
    already = RegistrationFactory(event=event, person=PersonFactory(email="already@example.org"))
    return {"event": event, "field": field, "visa": visa, "existing": existing, "already": already}


@pytest.fixture
def manager(setup):
    return organiser(edit_pages_under=setup["event"].get_parent())


def url(event):
    return f"/admin/registrations/event/{event.pk}/import/"


def upload(client, event, content, name="responses.csv"):
    data = {"step": "upload", "file": SimpleUploadedFile(name, content)}
    return client.post(url(event), data, HTTP_ACCEPT_LANGUAGE="en")


def mapping_of(response):
    return {header: chosen for _index, header, chosen, _samples in response.context["columns"]}


def step(client, event, response, name, **extra):
    """Posts the next step with the mapping and token the page holds."""
    data = {"step": name, "token": response.context["token"]}
    for index, _header, chosen, _samples in response.context["columns"]:
        data[f"map-{index}"] = chosen
    data.update(extra)
    return client.post(url(event), data, HTTP_ACCEPT_LANGUAGE="en")


def text_of(response):
    return html.unescape(response.content.decode())


def test_a_google_forms_export_is_mapped_previewed_and_imported(
    client, setup, manager, mailoutbox, django_capture_on_commit_callbacks
):
    event = setup["event"]
    client.force_login(manager)
    mapped = upload(client, event, csv_file())
    assert mapping_of(mapped) == {
        "Timestamp": "registered_at", "الاسم": "name_ar", "Email Address": "email", "الجنس": "gender",
        "المحافظة": "governorate", "مجالك": "question:your_field", "هل تحتاج تأشيرة؟": "question:do_you_need_a_visa",
        "Comments": "",
    }  # fmt: skip
    preview = step(client, event, mapped, "preview")
    rows = {row.number: row for row in preview.context["result"].rows}
    assert [rows[n].outcome for n in range(2, 8)] == ["repeated", "matched", "registered", "new", "error", "new"]
    assert rows[2].replaced_by == 5
    assert any("gender" in reason.lower() for reason in rows[6].reasons)
    assert any("formula" in reason for reason in rows[6].reasons)
    # Three seats: the existing person and Maha (in the order they registered) take two, Zainab
    # the third; nobody waits.
    assert (rows[3].status, rows[5].status, rows[7].status) == ("confirmed", "confirmed", "waitlisted")
    page = text_of(preview)
    assert "Repeated in the file: a later row is kept (row 5)" in page and "Import 3 registrations" in page
    assert Registration.objects.filter(event=event).count() == 1  # nothing written by the preview

    with django_capture_on_commit_callbacks(execute=True):
        done = step(client, event, mapped, "apply")
    assert done.status_code == 302
    imported = Registration.objects.filter(event=event, source=RegistrationSource.IMPORT).select_related("person")
    by_email = {r.person.email.lower(): r for r in imported}
    assert set(by_email) == {"maha@example.org", "existing@example.org", "zainab@example.org"}
    maha = by_email["maha@example.org"]
    assert maha.person.name_ar == "مها داود" and maha.person.gender == "female" and maha.person.governorate == "baghdad"
    assert maha.created_at == dt.datetime(2025, 3, 2, 6, 30, tzinfo=dt.UTC)  # the later row, its own time
    assert maha.answers == {"your_field": "Media", "do_you_need_a_visa": "yes"}
    assert not maha.person.public_profile
    existing = by_email["existing@example.org"]
    assert existing.person == setup["existing"] and existing.answers["your_field"] == "Education"
    setup["existing"].refresh_from_db()
    assert setup["existing"].name == "Ali Hasan" and setup["existing"].name_ar == "علي حسن"  # a blank filled
    assert setup["existing"].gender == "male"
    assert by_email["zainab@example.org"].status == RegistrationStatus.WAITLISTED
    assert mailoutbox == []  # emails were not asked for
    entry = PageLogEntry.objects.get(action=audit.IMPORT)
    assert entry.data["rows"] == 3 and entry.data["file"] == "responses.csv" and entry.user == manager
    assert ImportMapping.objects.get(event=event).mapping["Timestamp"] == "registered_at"


def test_an_answer_to_a_question_not_asked_on_the_rows_other_answers_is_left_out(
    client, setup, manager, django_capture_on_commit_callbacks
):
    """The visa question is asked only of people in media: Ali (education) answered it in the
    file, and his registration keeps only the answers the form would have kept."""
    event, visa = setup["event"], setup["visa"]
    visa.condition_question, visa.condition_value = setup["field"], "Media"
    visa.save()
    client.force_login(manager)
    mapped = upload(client, event, csv_file())
    with django_capture_on_commit_callbacks(execute=True):
        assert step(client, event, mapped, "apply").status_code == 302
    imported = Registration.objects.filter(event=event, source=RegistrationSource.IMPORT).select_related("person")
    answers = {r.person.email.lower(): r.answers for r in imported}
    assert answers["existing@example.org"] == {"your_field": "Education"}
    assert answers["maha@example.org"] == {"your_field": "Media", "do_you_need_a_visa": "yes"}


def test_the_mapping_chosen_is_remembered_for_the_events_next_file(
    client, setup, manager, mailoutbox, django_capture_on_commit_callbacks
):
    event = setup["event"]
    client.force_login(manager)
    headers = ["Full name (as on your passport)", "Email", "Visa?"]
    rows = [["Omar Saleh", "omar@example.org", "Yes"]]
    first = upload(client, event, csv_file(rows, headers))
    assert mapping_of(first)["Full name (as on your passport)"] == ""  # not a header the import knows
    data = {"step": "apply", "token": first.context["token"], "map-0": "name", "map-1": "email",
            "map-2": "question:do_you_need_a_visa", "send_emails": "on"}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url(event), data).status_code == 302
    assert Registration.objects.get(person__email="omar@example.org").answers == {"do_you_need_a_visa": "yes"}
    assert [message.to for message in mailoutbox] == [["omar@example.org"]]  # emails were asked for
    again = upload(client, event, csv_file([["Huda Ali", "huda@example.org", "No"]], headers))
    assert mapping_of(again) == {
        "Full name (as on your passport)": "name", "Email": "email", "Visa?": "question:do_you_need_a_visa"
    }  # fmt: skip


def test_a_windows_arabic_csv_and_an_xlsx_file_read_the_same(client, setup, manager):
    event = setup["event"]
    client.force_login(manager)
    rows = [["2025/03/01 10:02:11 AM GMT+3", "مها داود", "maha@example.org", "أنثى", "البصرة", "إعلام", "نعم", ""]]
    legacy = upload(client, event, csv_file(rows, encoding="cp1256"))
    preview = step(client, event, legacy, "preview")
    assert [row.label for row in preview.context["result"].rows] == ["مها داود"]
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADERS)
    workbook.active.append(rows[0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    from_xlsx = upload(client, event, buffer.getvalue(), "responses.xlsx")
    assert mapping_of(from_xlsx) == mapping_of(legacy)
    rows_read = step(client, event, from_xlsx, "preview").context["result"].rows
    assert rows_read[0].values["governorate"] == "basra" and rows_read[0].values["question:your_field"] == "Media"


def test_a_governorate_of_iraq_with_another_country_is_an_error_on_its_row(client, setup, manager):
    event = setup["event"]
    client.force_login(manager)
    headers = ["الاسم", "Email Address", "البلد", "المحافظة", "هل تحتاج تأشيرة؟"]
    rows = [
        ["مها داود", "maha@example.org", "السويد", "البصرة", "نعم"],
        ["زينب علي", "z@example.org", "العراق", "البصرة", "نعم"],
    ]
    response = upload(client, event, csv_file(rows, headers))
    result = step(client, event, response, "preview").context["result"]
    assert [row.outcome for row in result.rows] == ["error", "new"]
    assert "Choose Iraq as the country" in " ".join(result.rows[0].reasons)
    assert not Registration.objects.filter(person__email="maha@example.org").exists()


class TestRefusals:
    def test_a_mapping_without_a_name_or_a_required_question_is_refused(self, client, setup, manager):
        event = setup["event"]
        client.force_login(manager)
        mapped = upload(client, event, csv_file())
        data = {"step": "preview", "token": mapped.context["token"], "map-2": "email"}
        response = client.post(url(event), data, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert "Choose the columns for: “a name (in either script)”, “Do you need a visa?”." in text_of(response)
        data.update({"map-1": "name_ar", "map-3": "name_ar", "map-6": "question:do_you_need_a_visa"})
        response = client.post(url(event), data, HTTP_ACCEPT_LANGUAGE="en")
        assert "Each field can be filled by one column only" in text_of(response)
        assert Registration.objects.filter(event=event).count() == 1

    @pytest.mark.parametrize(
        ("content", "name", "message"),
        [
            (b"PK\x03\x04 not really a workbook", "list.xlsx", "is not a real XLSX spreadsheet"),
            (b"\xff\xfeN\x00a\x00m\x00e\x00", "list.csv", "looks like UTF-16"),
            (b"", "list.csv", "The submitted file is empty."),
            (b"name\r\n", "list.csv", "no data under it"),
            (b"%PDF-1.7", "list.pdf", "Upload a CSV or an XLSX file."),
        ],
    )
    def test_a_file_that_cannot_be_read_says_why(self, client, setup, manager, content, name, message):
        client.force_login(manager)
        response = upload(client, setup["event"], content, name)
        assert response.status_code == 400 and message in text_of(response)
        assert Registration.objects.count() == 1

    def test_a_file_over_the_size_limit(self, client, setup, manager, settings):
        settings.SPREADSHEET_MAX_UPLOAD_SIZE = 3 * 1024 * 1024
        client.force_login(manager)
        response = upload(client, setup["event"], csv_file() + b" " * (3 * 1024 * 1024))
        assert response.status_code == 400 and "The file is larger than 3 MB" in text_of(response)

    def test_a_full_event_without_a_waiting_list_refuses_the_whole_import(self, client, setup, manager):
        event = setup["event"]
        event.registration_settings.waitlist_enabled = False  # three seats, one taken: two free
        event.registration_settings.save()
        client.force_login(manager)
        mapped = upload(client, event, csv_file())
        response = step(client, event, mapped, "apply")
        assert response.status_code == 400
        assert "No seat is left for these rows: 7. The event is full and has no waiting list" in text_of(response)
        assert Registration.objects.filter(event=event).count() == 1 and not PageLogEntry.objects.filter(
            action=audit.IMPORT
        )
        done = step(client, event, mapped, "apply", override_capacity="on")
        assert done.status_code == 302
        zainab = Registration.objects.get(person__email="zainab@example.org")
        assert zainab.status == RegistrationStatus.CONFIRMED
        assert StatusChange.objects.get(registration=zainab).note == "beyond capacity"

    def test_other_events_organisers_and_reporters_get_nothing(self, client, setup):
        event = setup["event"]
        reporter = UserFactory()
        EventTeamMember.objects.create(event=event, user=reporter, role=EventRole.REPORTER)
        from events.team import reporters_group

        reporter.groups.add(reporters_group())
        for user in (organiser(edit_pages_under=event_page()), reporter):
            client.force_login(user)
            assert_not_found(client.get(url(event), follow=True), "ar", hides=[event.title])
            data = {"step": "upload", "file": SimpleUploadedFile("x.csv", csv_file())}
            response = client.post(url(event), data, follow=True)
            assert_not_found(response, "ar")
        assert Person.objects.filter(email="maha@example.org").count() == 0


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2025/03/01 10:02:11 AM GMT+3", dt.datetime(2025, 3, 1, 7, 2, 11, tzinfo=dt.UTC)),
        ("2025/03/01 10:02:11 م غرينتش+3", dt.datetime(2025, 3, 1, 19, 2, 11, tzinfo=dt.UTC)),
        ("٢٠٢٥/٠٣/٠١ ١٢:٠٠:٠٠ ص", dt.datetime(2025, 2, 28, 21, 0, tzinfo=dt.UTC)),  # Baghdad, midnight
        ("3/1/2025 14:30:00", dt.datetime(2025, 3, 1, 11, 30, tzinfo=dt.UTC)),
        ("2025-03-01T10:02:11Z", dt.datetime(2025, 3, 1, 10, 2, 11, tzinfo=dt.UTC)),
    ],
)
def test_form_timestamps_are_read_with_their_zone(written, expected):
    from zoneinfo import ZoneInfo

    from events.registrations.imports.targets import timestamp

    assert timestamp(ZoneInfo("Asia/Baghdad"))(written) == expected


@pytest.mark.parametrize(
    "written",
    [
        "yesterday",
        "2025/13/01 10:00",
        "2999/01/01 10:00",
        "0001/01/01 00:00",
        "0001/01/01 01:00 GMT+3",
        "2025/03/01 10:02:11 AM GMT+99",
    ],
)
def test_a_timestamp_that_is_not_one_is_an_error(written):
    from zoneinfo import ZoneInfo

    from django.core.exceptions import ValidationError

    from events.registrations.imports.targets import timestamp

    with pytest.raises(ValidationError):
        timestamp(ZoneInfo("Asia/Baghdad"))(written)
