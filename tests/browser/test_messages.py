"""An organiser writes to an event's participants in real Chromium: filters the list, opens
"Write to participants" (which takes the filter along), writes in both languages, previews the
email as each language's readers will get it, sends, and finds the message in "Messages
sent"; on an Arabic phone and on an English desktop."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.registrations.models import EventMessage
from tests.browser.test_staff_admin import admin_in, signed_in
from tests.factories.registrations import SettingsFactory, organiser, registered

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "ar": {"goes": "تصل هذه الرسالة إلى مشاركَين اثنين.", "sent": "رسالتك في طريقها إلى مشاركَين اثنين."},
    "en": {"goes": "This message goes to 2 participants.", "sent": "Your message is on its way to 2 participants."},
}


def filter_on_status(page, status):
    """Wagtail's filters: the drill-down in the list's header, then the status's choice."""
    page.locator("#filters-drilldown .w-slim-header-action-button").click()
    page.locator("button[aria-controls='drilldown-id_status']").click()
    choices = page.locator("#drilldown-id_status")
    if choices.locator("select").count():
        choices.locator("select").select_option(status)
    else:
        choices.locator(f"input[value='{status}']").check()
    page.wait_for_url(f"**status={status}**")


@pytest.mark.parametrize(("language", "width"), [("ar", 360), ("en", 1280)])
def test_an_organiser_writes_to_the_confirmed_participants(
    live_server, demo_site, new_page, screenshot, language, width
):
    event = SettingsFactory(capacity=10).event
    arabic = registered(event, "confirmed", "ar", name="Huda Kareem", name_ar="هدى كريم")
    english = registered(event, "confirmed", "en", name="Sam Lee", name_ar="")
    registered(event, "waitlisted", "ar", name="Omar Aziz", name_ar="عمر عزيز")
    registered(event, "cancelled", "en", name="Gone Away", name_ar="")
    page = signed_in(new_page, live_server, admin_in(organiser(edit_pages_under=event), language), width, language)
    page.goto(f"{live_server.url}/admin/registrations/event/{event.pk}/")
    filter_on_status(page, "confirmed")
    page.locator("[data-write-link]").click()
    page.wait_for_url(f"**/admin/registrations/event/{event.pk}/write/?status=confirmed")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert WORDS[language]["goes"] in page.inner_text("main")
    assert page.locator("[name=body_ar]").get_attribute("dir") == "rtl"
    assert page.locator("[name=body]").get_attribute("dir") == "ltr"

    page.locator("[name=subject_ar]").fill("تغيّر مكان اللقاء")
    page.locator("[name=body_ar]").fill("نلتقي في قاعة دجلة.\nأحضروا هوياتكم.")
    page.locator("[name=subject]").fill("The venue changed")
    page.locator("[name=body]").fill("We meet at the Tigris Hall.\nBring your ID.")
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"write-compose-{language}-{width}")
    page.locator("button[name=step][value=preview]").click()

    samples = page.locator("[data-sample]")
    samples.first.wait_for()
    assert samples.count() == 2
    arabic_email = page.frame_locator("[data-sample=ar] iframe").locator("body")
    expect(arabic_email).to_contain_text("نلتقي في قاعة دجلة.")
    expect(arabic_email.locator("table[dir=rtl]")).to_contain_text("تغيّر مكان اللقاء")
    english_email = page.frame_locator("[data-sample=en] iframe").locator("body")
    expect(english_email).to_contain_text("Bring your ID.")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"write-preview-{language}-{width}")
    assert (EventMessage.objects.count(), mail.outbox) == (0, [])

    page.locator("button[name=step][value=send]").click()
    page.wait_for_url(f"**/admin/registrations/event/{event.pk}/messages/*/")
    assert WORDS[language]["sent"] in page.inner_text("body")
    assert arabic.reference in page.inner_text("main") and english.reference in page.inner_text("main")
    page.locator(".registrations-links a").click()
    page.wait_for_url(f"**/admin/registrations/event/{event.pk}/messages/")
    listing = page.inner_text("main")
    assert ("تغيّر مكان اللقاء" if language == "ar" else "The venue changed") in listing
    screenshot(page, f"messages-sent-{language}-{width}")

    message = EventMessage.objects.get()
    assert sorted(message.registrations.values_list("pk", flat=True)) == sorted([arabic.pk, english.pk])
    subjects = {email.to[0]: email.subject for email in mail.outbox}
    assert subjects == {
        arabic.person.email: "[ملتقى] تغيّر مكان اللقاء",
        english.person.email: "[Multaqa] The venue changed",
    }
