"""Registration by invitation in real Chromium: an organiser invites people from the event's
"Invitations" page; an invitee opens the emailed link on an Arabic phone, signs in (coming
back to the link), registers with the usual form and finds the registration in My events.
Screenshots of the organisers' page and of the link's landing page, in both languages, on a
phone and a desktop, go to test-artifacts/screenshots/ for a person to look at."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.registrations.models import Invitation, Registration
from events.registrations.services import invitations
from tests.browser.test_staff_admin import admin_in, signed_in
from tests.factories.accounts import PASSWORD
from tests.factories.registrations import SettingsFactory, english_of, organiser, participant

pytestmark = pytest.mark.django_db(transaction=True)


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_invitee_registers_from_the_emailed_link_on_an_arabic_phone(live_server, demo_site, new_page, screenshot):
    base = live_server.url
    event = SettingsFactory(capacity=20, invitation_only=True).event
    staff = organiser(edit_pages_under=event)
    invitations.invite(event, "هدى كريم <huda@example.org>", language="ar", by=staff)
    link = re.search(r"https?://[^/\s]+(/ar/registrations/\S+/invitation/\S+/)", mail.outbox[-1].body).group(1)
    user, person = participant(name="Huda Kareem", name_ar="هدى كريم")

    page = new_page(width=360, locale="ar")
    # The event page says registration is by invitation, and offers no form.
    page.goto(f"{base}{event.url}")
    assert "التسجيل في هذه الفعالية بالدعوة فقط." in page.locator(".registration-cta").inner_text()
    assert page.locator(".registration-cta a.cta-primary").count() == 0

    page.goto(f"{base}{link}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "دعوة للتسجيل" in page.locator("h1").inner_text()
    assert fits_the_screen(page)
    screenshot(page, "invitation-landing-ar-360")
    page.get_by_role("link", name="تسجيل الدخول", exact=True).click()
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}{link}")
    page.fill("#id_name_ar", "هدى كريم")
    assert fits_the_screen(page)
    screenshot(page, "invitation-form-ar-360")
    page.get_by_role("button", name="التسجيل", exact=True).click()
    page.wait_for_url(re.compile(r".*/ar/my/events/\w+/$"))
    assert "تم تسجيلك. مقعدك مؤكَّد" in page.locator(".messages").inner_text()
    registration = Registration.objects.get(event=event)
    assert registration.person == person
    assert Invitation.objects.get(event=event).registration == registration

    page.goto(f"{base}/ar/my/events/")
    assert event.title in page.locator("main").inner_text()
    assert fits_the_screen(page)
    screenshot(page, "invitation-my-events-ar-360")


@pytest.mark.parametrize(("language", "width"), [("ar", 360), ("en", 1280), ("ar", 1280), ("en", 360)])
def test_the_organisers_page_and_the_landing_page_in_both_languages(
    live_server, demo_site, new_page, screenshot, language, width
):
    base = live_server.url
    event = SettingsFactory(capacity=20, invitation_only=True).event
    staff = admin_in(organiser(edit_pages_under=event), language)
    batch = invitations.invite(
        event,
        "هدى كريم <huda@example.org>\nSam Lee, sam.lee.from.a.long.organisation.name@example.org\nomar@example.org",
        language=language,
        by=staff,
    )
    invitations.revoke(event, batch.invited[2].pk, by=staff)
    invitation = batch.invited[1]

    page = signed_in(new_page, live_server, staff, width, language)
    page.goto(f"{base}/admin/registrations/event/{event.pk}/")
    page.locator(".registrations-links a[href$='/invitations/']").click()
    page.wait_for_url(f"**/admin/registrations/event/{event.pk}/invitations/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert page.locator("[data-count=total]").inner_text() == "3"
    # With invitations to list, the paste form is folded under its heading.
    expect(page.locator("[name=lines]")).to_be_hidden()
    page.locator("[data-invite] > summary").click()
    page.locator("[name=lines]").fill("ok@example.org\nnot an address")
    page.locator("[data-invite-form] button[type=submit]").click()
    expect(page.locator("[data-bad-lines]")).to_contain_text("not an address")
    screenshot(page, f"invitations-staff-{language}-{width}")

    visitor = new_page(width=width, locale=language)
    shown = event if language == "ar" else english_of(event)
    visitor.goto(f"{base}/{language}/registrations/{shown.pk}/invitation/{invitation.token}/")
    assert fits_the_screen(visitor)
    screenshot(visitor, f"invitation-landing-{language}-{width}")
