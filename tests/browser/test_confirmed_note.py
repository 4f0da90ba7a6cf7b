"""The organisers' note for confirmed participants in real Chromium: an organiser writes it in
the Arabic admin; a participant on an Arabic phone registers and reads it on their
registration page, with the organisers' contact. Screenshots of both, and of the English page."""

import re

import pytest

from events.models import EventPage
from events.registrations.models import Registration, RegistrationSettings
from tests.browser.test_staff_admin import admin_in, fits_the_screen, signed_in
from tests.factories.accounts import UserFactory
from tests.factories.registrations import SettingsFactory, participant

pytestmark = pytest.mark.django_db(transaction=True)

NOTE_AR = "أحضر بطاقة الهوية.\nالدخول من البوابة 3، لا من الباب الرئيسي."
NOTE = "Bring an ID card.\nThe entrance is at gate 3, not the main door."


@pytest.mark.parametrize("width", [1280, 360])
def test_the_organiser_writes_it_and_a_participant_reads_it(live_server, demo_site, new_page, screenshot, width):
    settings = SettingsFactory(capacity=10)
    EventPage.objects.filter(pk=settings.event_id).update(contact_email="team@alliance.example.org")
    organiser = admin_in(UserFactory(is_staff=True, is_superuser=True), "ar")
    page = signed_in(new_page, live_server, organiser, width, "ar")
    page.goto(f"{live_server.url}/admin/registrations/event/{settings.event_id}/settings/")
    page.locator("textarea[name='confirmed_note_ar']").fill(NOTE_AR)
    page.locator("textarea[name='confirmed_note']").fill(NOTE)
    page.locator("textarea[name='confirmed_note_ar']").scroll_into_view_if_needed()
    assert fits_the_screen(page)
    screenshot(page, f"confirmed-note-admin-ar-{width}")
    page.locator("button[type='submit']").last.click()
    page.wait_for_load_state()
    settings.refresh_from_db()
    assert (settings.confirmed_note_ar, settings.confirmed_note) == (NOTE_AR, NOTE)

    user, _person = participant(name="Noor Ali", name_ar="نور علي")
    phone = signed_in(new_page, live_server, user, 360 if width == 1280 else 1280, "ar")
    phone.goto(f"{live_server.url}/ar/registrations/{settings.event_id}/")
    phone.get_by_role("button", name="التسجيل").click()
    phone.wait_for_url(re.compile(r"/ar/my/events/\w+/$"))
    registration = Registration.objects.get(event_id=settings.event_id)
    note = phone.locator(".registration-note")
    assert note.locator("h2").inner_text() == "من فريق التنظيم"
    assert note.locator(".registration-note-text").inner_text().splitlines() == NOTE_AR.splitlines()
    assert "team@alliance.example.org" in note.inner_text()
    assert fits_the_screen(phone)
    note.scroll_into_view_if_needed()
    screenshot(phone, f"confirmed-note-registration-ar-{360 if width == 1280 else 1280}")
    phone.goto(f"{live_server.url}/en/my/events/{registration.reference}/")
    assert "The entrance is at gate 3" in phone.locator(".registration-note").inner_text()
    screenshot(phone, f"confirmed-note-registration-en-{360 if width == 1280 else 1280}")
    assert RegistrationSettings.objects.get(pk=settings.pk).confirmed_note == NOTE
