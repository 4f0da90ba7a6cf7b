"""Certificates in real Chromium: an organiser issues them to everyone eligible; a participant
who attended three of the four seminars of an online programme finds theirs in My events on a
phone, downloads the PDF, and the code printed on it opens a verification page that confirms
it; once revoked, the same page says so. Screenshots in both languages."""

import re

import pytest

from events.attendance.models import Certificate, Method
from events.attendance.services import check_in
from events.attendance.slots import slots_for
from tests.browser.test_staff_admin import admin_in, fits_the_screen, signed_in
from tests.events.attendance.conftest import seminar_programme
from tests.events.registrations.test_tickets import pdf_text
from tests.factories.registrations import RegistrationFactory, organiser, participant

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 740}
CODE = re.compile(r"[0-9A-Z]{5}-[0-9A-Z]{5}")


def on_a_phone(page):
    page.set_viewport_size(PHONE)
    return page


@pytest.fixture
def programme(demo_site):
    return seminar_programme()


def test_issue_download_and_verify_a_certificate(live_server, programme, new_page, screenshot, tmp_path):
    base = live_server.url
    seminars = slots_for(programme)
    user, person = participant(name="Maha Dawood", name_ar="مها داود")
    mine = RegistrationFactory(event=programme, person=person, language="ar")
    later_user, later = participant(name="Omar Jalil", name_ar="عمر جليل")
    behind = RegistrationFactory(event=programme, person=later)
    for slot in seminars[:3]:
        check_in(mine, slot.key, method=Method.ONLINE, minutes=85)
    check_in(behind, seminars[0].key, method=Method.ONLINE, minutes=85)

    # Before the certificate is issued, My events says how far each one came.
    page = on_a_phone(signed_in(new_page, live_server, later_user, 360, "ar"))
    page.goto(f"{base}/ar/my/events/")
    progress = page.locator("#certificates").inner_text()
    assert "الحضور والشهادات" in progress and "1 من 4" in progress
    assert fits_the_screen(page)
    screenshot(page, "certificate-my-events-progress-ar-360")

    # The organiser issues the certificates of everyone eligible, in one go.
    manager = admin_in(organiser(edit_pages_under=programme.get_parent()), "ar")
    admin = signed_in(new_page, live_server, manager, 1280, "ar")
    admin.goto(f"{base}/admin/attendance/{programme.pk}/certificates/")
    eligible = admin.locator(".certificates-eligible").inner_text()
    assert "مها داود" in eligible and "عمر جليل" not in eligible
    screenshot(admin, "certificate-staff-eligible-ar-1280")
    admin.get_by_role("button", name="إصدار الشهادات لجميع المستحقين (شخص واحد)").click()
    admin.wait_for_load_state()
    assert "صدرت شهادة واحدة" in admin.locator(".messages").inner_text()
    certificate = Certificate.objects.get()
    assert certificate.registration_id == mine.pk and certificate.issued_by == manager
    assert "مها داود" in admin.locator(".certificates-issued").inner_text()
    screenshot(admin, "certificate-staff-issued-ar-1280")

    # The participant finds it in My events on a phone and downloads the PDF.
    page = on_a_phone(signed_in(new_page, live_server, user, 360, "ar"))
    page.goto(f"{base}/ar/my/events/")
    section = page.locator("#certificates")
    assert "شهادتك جاهزة." in section.inner_text()
    assert fits_the_screen(page)
    screenshot(page, "certificate-my-events-ready-ar-360")
    href = section.get_by_role("link", name="تنزيل شهادتي (PDF)").get_attribute("href")
    pdf = page.context.request.get(f"{base}{href}")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.body(), tmp_path, layout=False)
    assert "Maha Dawood" in text and "Dialogue Seminars Programme" in text
    printed = CODE.search(text.replace(" ", "")).group(0)
    assert printed.replace("-", "") == certificate.code

    # The code printed on it, typed as a reader would, opens the page that confirms it.
    check = new_page(locale="ar", **PHONE)
    check.goto(f"{base}/ar/certificates/verify/")
    check.get_by_label("رمز الشهادة").fill(printed.lower().replace("-", " "))
    check.get_by_role("button", name="تحقَّق").click()
    check.wait_for_url(f"{base}/ar/certificates/verify/{printed}/")
    facts = check.locator("main").inner_text()
    assert "هذه الشهادة صحيحة." in facts and "مها داود" in facts and "Maha Dawood" in facts
    assert "برنامج ندوات الحوار" in facts and person.email not in facts
    assert check.locator("html").get_attribute("dir") == "rtl"
    assert fits_the_screen(check)
    screenshot(check, "certificate-verify-ar-360")
    english = new_page(locale="en", width=1280, height=800)
    english.goto(f"{base}/en/certificates/verify/{printed}/")
    assert "This certificate is valid." in english.locator("main").inner_text()
    screenshot(english, "certificate-verify-en-1280")

    # Revoked with a reason, the same address says so and the download is gone.
    row = admin.locator(".certificates-issued tbody tr", has_text="مها داود")
    row.get_by_label("السبب").fill("حضور مسجَّل خطأً")
    row.get_by_role("button", name="إلغاء").click()
    admin.wait_for_load_state()
    assert "حضور مسجَّل خطأً" in admin.locator(".certificates-revoked").inner_text()
    check.reload()
    assert "أُلغيت هذه الشهادة في" in check.locator("main").inner_text()
    assert "مها داود" not in check.locator("main").inner_text()
    screenshot(check, "certificate-revoked-ar-360")
    assert page.context.request.get(f"{base}{href}").status == 404
