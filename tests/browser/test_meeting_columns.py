"""An online-meeting report whose columns Multaqa cannot recognise, in real Chromium: an
organiser on an Arabic phone uploads a report with Arabic column titles, says which column
holds what, sees the usual preview and records the attendance. Screenshots of the step that
chooses the columns, in both languages, on a phone and a desktop, go to
test-artifacts/screenshots/ for a person to look at.

The Arabic column titles are test data made up for these tests, not the titles of any meeting
tool."""

import datetime as dt

import pytest

from events.attendance.models import Attendance, MeetingReportUpload
from tests.browser.test_axe import AXE, BLOCKING, POLICY, axe_violations
from tests.browser.test_staff_admin import admin_in, signed_in
from tests.factories.network import PersonFactory
from tests.factories.registrations import RegistrationFactory, event_page, organiser

pytestmark = pytest.mark.django_db(transaction=True)

BAGHDAD = dt.timezone(dt.timedelta(hours=3))
TITLES = "الاسم,البريد الإلكتروني,وقت الانضمام,وقت المغادرة,المدة (دقائق)"
ROWS = [
    "هاني ضوة (Hani Dawa),hani.dawa@example.org,03/01/2025 09:59:40 AM,03/01/2025 10:31:15 AM,32",
    "هاني ضوة (Hani Dawa),hani.dawa@example.org,03/01/2025 10:50:10 AM,03/01/2025 11:02:05 AM,12",
    "Layla Haddad,layla.haddad@example.org,03/01/2025 10:01:12 AM,03/01/2025 11:00:00 AM,59",
    "محمد الربيعي,,03/01/2025 10:03:00 AM,03/01/2025 10:40:00 AM,37",
]


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def whole(page, screenshot, name):
    """A screenshot of the whole page: the admin scrolls inside its main area, which a
    full-page screenshot does not unroll, so the window is made as tall as the page first."""
    size = page.viewport_size
    height = page.evaluate("Math.max(...[...document.querySelectorAll('main, main *')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height + 200)})
    screenshot(page, name)
    page.set_viewport_size(size)


def meeting(tmp_path):
    """The online event of 1 March 2025 with Hani and Layla registered, and the report file."""
    start = dt.datetime(2025, 3, 1, 9, 0, tzinfo=BAGHDAD)
    event = event_page(start=start, end=start + dt.timedelta(hours=8))
    for name, name_ar, email in (
        ("Hani Dawa", "هاني ضوة", "hani.dawa@example.org"),
        ("Layla Haddad", "ليلى حداد", "layla.haddad@example.org"),
    ):
        RegistrationFactory(
            event=event, person=PersonFactory(participant=True, name=name, name_ar=name_ar, email=email)
        )
    path = tmp_path / "تقرير الحضور.csv"
    path.write_bytes("\r\n".join([TITLES, *ROWS, ""]).encode("utf-8-sig"))
    return event, path


def upload(page, base, event, path):
    page.goto(f"{base}/admin/attendance/{event.pk}/reports/")
    page.set_input_files("#id_file", str(path))
    page.locator("form.report-upload button[type=submit]").click()
    page.wait_for_url(f"**/admin/attendance/{event.pk}/reports/*/columns/")


def test_an_arabic_report_on_a_phone_from_its_columns_to_the_record(
    live_server, demo_site, new_page, screenshot, tmp_path
):
    base = live_server.url
    event, path = meeting(tmp_path)
    manager = admin_in(organiser(edit_pages_under=event.get_parent()), "ar")
    page = signed_in(new_page, live_server, manager, 360, "ar")

    upload(page, base, event, path)

    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "ما تحمله الأعمدة" in page.locator("main").inner_text()
    assert page.locator("[data-column='3'] th").inner_text() == "وقت الانضمام"
    assert fits_the_screen(page)
    # Nothing chosen yet: the step says what is missing, beside the name.
    page.get_by_role("button", name="قراءة التقرير بهذه الأعمدة").click()
    assert "اختر عمود أسماء الحاضرين" in page.locator("main").inner_text()
    assert fits_the_screen(page)
    whole(page, screenshot, "meeting-columns-refused-ar-360")

    for field, column in (("name", "0"), ("email", "1"), ("start", "2"), ("end", "3"), ("duration", "4")):
        page.select_option(f"#id_{field}", column)
    page.select_option("#id_tool", "zoom")
    page.get_by_role("button", name="قراءة التقرير بهذه الأعمدة").click()
    page.wait_for_url(f"**/admin/attendance/{event.pk}/reports/*/")

    text = page.locator("main").inner_text()
    assert "هاني ضوة (Hani Dawa)" in text and "محمد الربيعي" in text and "Zoom" in text
    assert fits_the_screen(page)
    whole(page, screenshot, "meeting-columns-preview-ar-360")
    page.get_by_role("button", name="تأكيد الحضور وتسجيله").click()
    page.wait_for_load_state()
    assert "سُجّل الحضور" in page.locator(".messages").inner_text()
    assert Attendance.objects.filter(event=event).count() == 2
    assert MeetingReportUpload.objects.get(event=event).content is None


@pytest.mark.parametrize(("language", "width"), [("ar", 360), ("en", 1280), ("ar", 1280), ("en", 360)])
def test_the_columns_step_in_both_languages(live_server, demo_site, new_page, screenshot, tmp_path, language, width):
    event, path = meeting(tmp_path)
    manager = admin_in(organiser(edit_pages_under=event.get_parent()), language)
    page = signed_in(new_page, live_server, manager, width, language)
    refused = []
    page.on("console", lambda message: refused.append(message.text) if POLICY in message.text else None)

    upload(page, live_server.url, event, path)

    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert not refused, refused  # the page keeps to the site's Content Security Policy
    if AXE.exists():
        assert [f"{v['id']}: {v['help']}" for v in axe_violations(page) if v["impact"] in BLOCKING] == []
    assert page.locator("[data-column]").count() == 5
    assert page.locator("[data-column='1'] td").last.inner_text().startswith("هاني ضوة (Hani Dawa)")
    assert fits_the_screen(page)
    whole(page, screenshot, f"meeting-columns-{language}-{width}")
