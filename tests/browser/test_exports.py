"""An organiser's attendee list and report in real Chromium: the Point Iraq 2018 demo list
exported to XLSX with a chosen set of columns in a chosen order, opened back; the event's
report; and a reporter of another event refused the same addresses."""

import io

import openpyxl
import pytest

from events.attendance.models import Attendance
from events.models import EventPage, EventRole, EventTeamMember
from events.team import reporters_group
from tests.browser.test_staff_admin import admin_in, signed_in
from tests.factories.accounts import UserFactory
from tests.factories.registrations import organiser

pytestmark = pytest.mark.django_db(transaction=True)

CHOSEN = ["name_ar", "name", "governorate", "checked_in", "reference"]


@pytest.fixture
def demo(demo_site, demo_snapshots):
    from fixtures import attendance, events, network

    demo_snapshots.load("network", lambda: network.load(lambda message: None))
    demo_snapshots.load("events", lambda: events.load(lambda message: None))
    demo_snapshots.load("attendance", lambda: attendance.load(lambda message: None))
    return EventPage.objects.get(slug="point-iraq-2018", locale__language_code="ar")


def exported(page):
    """Ticks the chosen columns in the chosen order, asks for XLSX and opens the download."""
    for box in page.locator("input[name=column]").all():
        box.set_checked(box.get_attribute("value") in CHOSEN)
    for position, key in enumerate(CHOSEN, start=1):
        page.locator(f"input[name='position-{key}']").fill(str(position))
    page.locator("input[name=format][value=xlsx]").check()
    with page.expect_download() as download:
        page.locator(".export-form button[type=submit]").click()
    return openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("ar", 360)])
def test_an_organiser_exports_point_iraq_and_opens_its_report(live_server, demo, new_page, screenshot, language, width):
    manager = admin_in(organiser(edit_pages_under=demo), language)
    page = signed_in(new_page, live_server, manager, width, language)
    page.goto(f"{live_server.url}/admin/registrations/event/{demo.pk}/")
    page.locator("[data-export-link]").click()
    page.wait_for_url(f"**/admin/attendance/{demo.pk}/export/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    screenshot(page, f"export-point-iraq-{language}-{width}")
    sheet = exported(page)
    headers = [cell.value for cell in sheet[1]]
    if language == "en":
        assert headers == ["Name in Arabic script", "Name in Latin script", "Governorate", "Checked in", "Reference"]
    else:
        assert headers[0] == "الاسم بالأحرف العربية" and headers[4] == "الرقم المرجعي"
    assert sheet.sheet_view.rightToLeft == (language == "ar") and sheet.max_row == 105
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert all(row[0].endswith("(تجريبي)") for row in rows) and len({row[2] for row in rows}) == 19
    present = Attendance.objects.filter(event=demo).values("registration").distinct().count()
    assert sum(row[3] == ("Yes" if language == "en" else "نعم") for row in rows) == present >= 100

    page.goto(f"{live_server.url}/admin/reports/{demo.pk}/")
    text = page.inner_text("main")
    assert "104" in text and "19" in text
    screenshot(page, f"report-point-iraq-{language}-{width}")


def test_a_reporter_of_another_event_is_refused_the_same_addresses(live_server, demo, new_page):
    kaiciid = EventPage.objects.get(slug="kaiciid-social-media-dialogue-phase-2", locale__language_code="ar")
    reporter = UserFactory(first_name="Other", last_name="Reporter")
    EventTeamMember.objects.create(event=kaiciid, user=reporter, role=EventRole.REPORTER)
    reporter.groups.add(reporters_group())
    page = signed_in(new_page, live_server, admin_in(reporter, "en"), 1280, "en")
    page.goto(f"{live_server.url}/admin/registrations/event/{kaiciid.pk}/")
    assert page.locator("[data-export-link]").is_visible()
    for path in (
        f"/admin/registrations/event/{demo.pk}/",
        f"/admin/attendance/{demo.pk}/export/?status=confirmed",
        f"/admin/reports/{demo.pk}/",
        f"/admin/reports/{demo.pk}/xlsx/",
        f"/admin/registrations/event/{demo.pk}/import/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 404, path
        text = page.inner_text("body")
        assert "Page not found" in text and "Point Iraq" not in text and "(demo)" not in text
