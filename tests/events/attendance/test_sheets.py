"""Sign-in sheets per slot, in Arabic and English, and marking attendance from a signed sheet on a
screen that mirrors it."""

import re

import pytest

from events.attendance.models import Attendance, AttendanceChange, Method, PrintJob
from events.attendance.services import check_in, sheets
from tests.factories.attendance import desk_staff
from tests.factories.registrations import RegistrationFactory, english_of, event_page, organiser
from tests.not_found import assert_not_found

from .test_printing import confirmed, pages_text

pytestmark = pytest.mark.django_db

IN_ORDER = ["إبراهيم هادي", "أحمد سلمان", "آمنة جاسم", "بسام كاظم", "John Smith"]


@pytest.fixture
def details(crowd):
    """Ibrahim's governorate and gender, as the directory holds them."""
    person = crowd[2].person
    person.governorate, person.gender = "baghdad", "male"
    person.save()
    return crowd


def sheet_url(event, slot):
    return f"/admin/attendance/{event.pk}/sheets/{slot.key}/"


def test_rows_are_numbered_in_name_order(event, details):
    rows = sheets.rows(event, "ar")
    assert [row.name_ar or row.name for row in rows] == IN_ORDER
    assert [row.number for row in rows] == [1, 2, 3, 4, 5]
    assert (rows[0].governorate, rows[0].gender) == ("بغداد", "ذكر")
    english = sheets.rows(event, "en")
    assert (english[0].governorate, english[0].gender, english[1].organisation) == (
        "Baghdad",
        "Male",
        "Tammuz Organisation",
    )


def test_an_arabic_sheet_repeats_its_header_and_numbers_its_pages(event, days, details, monkeypatch, tmp_path):
    monkeypatch.setattr(sheets, "ROWS_PER_PAGE", 2)
    pages = pages_text(sheets.sheet_pdf(event, days[1].key, "ar"), tmp_path)
    assert len(pages) == 3
    for number, page in enumerate(pages, start=1):
        assert "كشف التوقيع" in page and "التوقيع" in page and "المحافظة أو البلد" in page
        assert english_of(event).title in page
        assert re.search(rf"صفحة\s*{number}\s*من\s*3|صفحة\s*3\s*من\s*{number}", page), page
    assert "إبراهيم هادي" in pages[0] and "Ibrahim Hadi" in pages[0] and "بغداد" in pages[0] and "ذكر" in pages[0]
    assert "آمنة جاسم" in pages[1] and "John Smith" in pages[2]


def test_an_english_sheet(event, days, details, tmp_path):
    (page,) = pages_text(sheets.sheet_pdf(event, days[0].key, "en"), tmp_path)
    assert (
        "Sign-in sheet" in page and "Page 1 of 1" in page and "Signature" in page and "Governorate or country" in page
    )
    assert "5 people" in page and "Baghdad" in page and "Male" in page
    order = [page.index(name) for name in ["Ibrahim Hadi", "Ahmed Salman", "Amna Jasim", "Basim Kadhim", "John Smith"]]
    assert order == sorted(order)


def test_a_slot_of_no_sheet_is_refused(event, details):
    from events.attendance.errors import AttendanceError

    with pytest.raises(AttendanceError) as refused:
        sheets.sheet_pdf(event, "1999-01-01", "ar")
    assert refused.value.code == "no_slot"


class TestScreens:
    def test_the_list_of_slots(self, client, event, days, details, event_manager):
        check_in(details[0], days[0].key)
        client.force_login(event_manager)
        page = client.get(f"/admin/attendance/{event.pk}/sheets/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert page.count("PDF in Arabic") == 2 and "1 / 5" in page and "0 / 5" in page
        assert f"{sheet_url(event, days[1])}pdf/" in page and sheet_url(event, days[1]) in page
        arabic = client.get(f"/admin/attendance/{event.pk}/sheets/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
        assert "التأشير من الكشف الموقَّع" in arabic

    def test_a_short_sheet_is_drawn_at_once(self, client, event, days, details, event_manager, tmp_path):
        client.force_login(event_manager)
        response = client.post(f"{sheet_url(event, days[0])}pdf/", {"language": "en"})
        assert response["Content-Type"] == "application/pdf"
        assert f'filename="sign-in-{event.slug}-{days[0].key}-en.pdf"' in response["Content-Disposition"]
        (page,) = pages_text(response.content, tmp_path)
        assert "Ibrahim Hadi" in page and "Page 1 of 1" in page

    def test_a_long_sheet_becomes_a_print_job(self, client, event, days, details, event_manager, monkeypatch, tmp_path):
        monkeypatch.setattr(sheets, "IN_REQUEST", 4)
        monkeypatch.setattr(sheets, "ROWS_PER_PAGE", 2)
        monkeypatch.setattr(sheets, "PART_PAGES", 1)
        client.force_login(event_manager)
        response = client.post(f"{sheet_url(event, days[0])}pdf/", {"language": "ar"})
        job = PrintJob.objects.get()
        assert response["Location"] == f"/admin/attendance/{event.pk}/print/{job.key}/"
        assert (job.kind, job.state, job.done, job.total) == ("sheet", "done", 5, 5)
        pages = pages_text(bytes(job.content), tmp_path)
        assert len(pages) == 3 and re.search(r"صفحة\s*3\s*من\s*3", pages[2])

    def test_the_marking_screen_mirrors_the_sheet(self, client, event, days, details, event_manager):
        check_in(details[1], days[0].key, method=Method.SCAN)
        client.force_login(event_manager)
        page = client.get(sheet_url(event, days[0]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        positions = [page.index(name) for name in IN_ORDER]
        assert positions == sorted(positions)
        assert re.findall(r'class="printing-number">(\d+)<', page) == ["1", "2", "3", "4", "5"]
        assert page.count('name="present"') == 4  # Ahmed is already checked in
        assert f'checked disabled id="present-{details[1].pk}"' in page and "Already recorded (Ticket scanned)" in page
        assert "1 of 5 people already recorded." in page

    def test_the_marking_screens_queries_do_not_grow(
        self, client, event, days, event_manager, django_assert_max_num_queries
    ):
        client.force_login(event_manager)
        for count in (3, 30):
            while len(sheets.rows(event, "ar")) < count:
                registration = confirmed(event, "Guest", "ضيف")
                check_in(registration, days[0].key)
            # Session, user, two permission lookups and the admin profile; the event, the
            # default locale, the page permissions and the permission check; the event in the
            # admin's language, the default locale and the attendance plan (the slot); the
            # registrations, their affiliations, the slot's records with who made them;
            # Wagtail's menus (locales, collection and site permissions, the root page).
            with django_assert_max_num_queries(19):
                page = client.get(sheet_url(event, days[0])).content.decode()
            assert page.count("checked disabled") == count

    def test_marking_records_the_ticked_people_with_their_history(self, client, event, days, details, event_manager):
        client.force_login(event_manager)
        ticked = [details[0].pk, details[4].pk]
        response = client.post(sheet_url(event, days[1]), {"present": ticked}, follow=True, HTTP_ACCEPT_LANGUAGE="ar")
        assert "سُجِّل حضور شخصين من الكشف الموقَّع." in response.content.decode()
        records = Attendance.objects.filter(event=event, slot=days[1].key)
        assert sorted(records.values_list("registration_id", flat=True)) == sorted(ticked)
        assert {(r.method, r.recorded_by) for r in records} == {(Method.SHEET, event_manager)}
        history = AttendanceChange.objects.filter(slot=days[1].key)
        assert sorted(history.values_list("registration_id", "action", "method")) == sorted(
            (pk, "recorded", "sheet") for pk in ticked
        )

    @pytest.mark.parametrize(
        ("language", "message"),
        [
            ("en", "Some of these people are not registered for this event."),
            ("ar", "بعض هؤلاء الأشخاص غير مسجَّلين في هذه الفعالية."),
        ],
    )
    def test_another_events_registration_writes_nothing(
        self, client, event, days, details, event_manager, language, message
    ):
        elsewhere = RegistrationFactory(event=event_page())
        client.force_login(event_manager)
        data = {"present": [details[0].pk, elsewhere.pk]}
        response = client.post(sheet_url(event, days[0]), data, follow=True, HTTP_ACCEPT_LANGUAGE=language)
        assert message in response.content.decode()
        assert not Attendance.objects.exists() and not AttendanceChange.objects.exists()

    def test_a_tampered_or_empty_list_writes_nothing(self, client, event, days, details, event_manager):
        client.force_login(event_manager)
        for data, message in (
            ({"present": [details[0].pk, "abc"]}, "The list of people was not understood."),
            ({"present": ["99999999999999999999999"]}, "The list of people was not understood."),
            ({}, "Tick the names that were signed on the sheet."),
        ):
            response = client.post(sheet_url(event, days[0]), data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
            assert message in response.content.decode()
        assert not Attendance.objects.exists()

    def test_an_unknown_slot_is_not_found(self, client, event, details, event_manager):
        client.force_login(event_manager)
        for address in (
            f"/admin/attendance/{event.pk}/sheets/1999-01-01/",
            f"/admin/attendance/{event.pk}/sheets/x/pdf/",
        ):
            response = client.post(address, {"present": [details[0].pk], "language": "ar"}, follow=True)
            assert_not_found(response, "ar", hides=["إبراهيم هادي"])
        assert not Attendance.objects.exists()

    @pytest.mark.parametrize("ending", ["", "pdf/"])
    def test_other_organisers_and_desk_staff_see_nothing(self, client, event, days, crowd, ending):
        address = f"{sheet_url(event, days[0])}{ending}"
        client.force_login(organiser(edit_pages_under=event_page()))
        for response in (
            client.get(address, follow=True),
            client.post(address, {"present": [crowd[0].pk]}, follow=True),
        ):
            assert_not_found(response, "ar", hides=["إبراهيم هادي", "Ibrahim Hadi", "%PDF"])
        client.force_login(desk_staff(event))
        response = client.post(address, {"present": [crowd[0].pk], "language": "ar"})
        assert response.status_code == 302 and "/login/" in response["Location"]
        assert not Attendance.objects.exists()
