"""The organisers' admin in real Chromium: a hand-added registration shows only what staff
typed until the participant accepts it in "My events"; status badges and actions on the
registration's page; the dashboard panel. Screenshots in both languages, narrow and wide."""

import pytest
from django.test import Client

from events.registrations import services
from tests.factories.accounts import UserFactory
from tests.factories.network import PersonFactory
from tests.factories.registrations import SettingsFactory, participant

pytestmark = pytest.mark.django_db(transaction=True)


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def signed_in(new_page, live_server, user, width, locale):
    client = Client()
    client.force_login(user)
    page = new_page(width=width, locale=locale)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def admin_in(user, language):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


SCREENS = (("en", 1280), ("en", 360), ("ar", 360), ("ar", 1280))


def each_admin_screen(new_page, live_server, staff, url, screenshot, name):
    """Opens ``url`` as ``staff`` with the admin in each language, on a phone and a desktop;
    checks that it fits the screen and saves ``name-<language>-<width>``. Returns the last page
    (Arabic, wide), still open, and the admin left in Arabic."""
    for language, width in SCREENS:
        admin_in(staff, language)
        page = signed_in(new_page, live_server, staff, width, language)
        page.goto(url)
        assert fits_the_screen(page), (language, width)
        screenshot(page, f"{name}-{language}-{width}")
    return page


def test_hand_added_registration_from_the_admin_to_my_events(live_server, demo_site, new_page, screenshot):
    settings = SettingsFactory(capacity=2, approval_required=True)
    event = settings.event
    services.register(event, PersonFactory(name="Waiting Approval", name_ar="بانتظار الموافقة"))
    services.register(event, PersonFactory(name="Seated Guest", name_ar="ضيف مؤكد"), override_approval=True)
    user, person = participant(name="Hidden Realname", name_ar="اسم حقيقي", phone="+964 770 000 1111")
    registration = services.add_by_staff(
        event, email=person.email, name="Typed Guest", name_ar="ضيف مكتوب", override_approval=True
    )
    staff = UserFactory(is_staff=True, is_superuser=True)
    detail = f"{live_server.url}/admin/registrations/event/{event.pk}/registration/{registration.pk}/"

    for language, width in (("en", 1280), ("ar", 1280), ("ar", 360)):
        admin_in(staff, language)
        page = signed_in(new_page, live_server, staff, width, language)
        page.goto(detail)
        text = page.inner_text("main")
        assert "Typed Guest" in text and "Hidden Realname" not in text and "+964" not in text
        badge = page.locator(".registrations-status--awaiting")
        assert badge.is_visible()
        screenshot(page, f"staff-registration-awaiting-{language}-{width}")
        page.goto(f"{live_server.url}/admin/registrations/event/{event.pk}/")
        assert page.locator(".registrations-status--pending").first.is_visible()
        assert page.locator(".registrations-status--confirmed").first.is_visible()
        screenshot(page, f"staff-registrations-list-{language}-{width}")
        page.goto(f"{live_server.url}/admin/")
        assert page.locator("#registrations-my-events-section").is_visible()
        screenshot(page, f"staff-dashboard-{language}-{width}")

    admin_in(staff, "en")
    page = signed_in(new_page, live_server, staff, 1280, "en")
    page.goto(f"{live_server.url}/admin/registrations/event/{event.pk}/")
    # «الموافقه» (with ha) finds «بانتظار الموافقة»; the list refreshes without leaving the page.
    page.locator("[data-search-form] input[name=q]").fill("الموافقه")
    page.wait_for_url("**q=*")
    rows = page.locator("#listing-results tbody tr")
    rows.first.wait_for()
    assert rows.count() == 1 and "Waiting Approval" in rows.first.inner_text()
    page.wait_for_load_state("networkidle")
    page.reload()  # the address keeps the search
    rows.first.locator("[data-bulk-action-checkbox]").check()
    page.locator("[data-bulk-action-footer] a", has_text="Approve").click()
    page.wait_for_load_state()
    assert "Waiting Approval" in page.inner_text("main") and "Seated Guest" not in page.inner_text("main")
    screenshot(page, "staff-bulk-approve-en-1280")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()
    assert "1 registration updated." in page.inner_text("body")
    assert page.url.endswith("q=%D8%A7%D9%84%D9%85%D9%88%D8%A7%D9%81%D9%82%D9%87")

    for language, width in (("ar", 360), ("en", 1280)):
        page = signed_in(new_page, live_server, user, width, language)
        page.goto(f"{live_server.url}/{language}/my/events/")
        card = page.locator(f"[id='{registration.reference}']")
        assert card.locator(".status-by-staff").is_visible()
        assert fits_the_screen(page)
        screenshot(page, f"my-events-registered-by-staff-{language}-{width}")

    page.locator(f"[id='{registration.reference}'] form[action$='/accept/'] button").click()
    page.wait_for_load_state()
    assert page.locator(f"[id='{registration.reference}'] .status-by-staff").count() == 0
    registration.refresh_from_db()
    assert not registration.awaiting_acceptance
    admin_in(staff, "en")
    page = signed_in(new_page, live_server, staff, 1280, "en")
    page.goto(detail)
    assert "Hidden Realname" in page.inner_text("main")
    page.get_by_role("link", name="Cancel", exact=True).click()
    page.wait_for_load_state()
    assert "You are about to cancel the registration of Hidden Realname" in page.inner_text("main")
    registration.refresh_from_db()
    assert registration.status == "confirmed"  # asked, not done
    page.fill("textarea[name=reason]", "The guest list changed.")
    page.get_by_role("button", name="Cancel the registration").click()
    page.wait_for_load_state()
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert registration.history.last().reason == "The guest list changed."
    assert "The guest list changed." in page.inner_text(".registrations-history")
    screenshot(page, "staff-registration-cancelled-en-1280")


def test_declining_asks_first_then_takes_a_reason_on_an_arabic_phone(live_server, demo_site, new_page, screenshot):
    settings = SettingsFactory(capacity=1)
    seated = services.register(settings.event, PersonFactory(name="Seated Guest", name_ar="ضيف مؤكد"))
    waiting = services.register(settings.event, PersonFactory(name="Next Guest", name_ar="الضيف التالي"))
    staff = admin_in(UserFactory(is_staff=True, is_superuser=True), "ar")
    detail = f"{live_server.url}/admin/registrations/event/{settings.event.pk}/registration/{seated.pk}/"
    page = signed_in(new_page, live_server, staff, 360, "ar")
    page.goto(detail)
    page.get_by_role("link", name="رفض", exact=True).click()
    page.wait_for_load_state()
    text = page.inner_text("main")
    assert "أنت على وشك رفض تسجيل ضيف مؤكد" in text and "الضيف التالي" in text
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert fits_the_screen(page)
    screenshot(page, "staff-decline-confirm-ar-360")
    page.get_by_role("link", name="عودة").click()
    page.wait_for_url(detail)
    seated.refresh_from_db()
    assert seated.status == "confirmed"  # going back changes nothing
    page.get_by_role("link", name="رفض", exact=True).click()
    page.fill("textarea[name=reason]", "المقاعد مخصّصة لمدرّبي الشبكة.")
    page.get_by_role("button", name="رفض التسجيل").click()
    page.wait_for_url(detail)
    assert "رُفض التسجيل." in page.inner_text(".messages")
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert (seated.status, waiting.status) == ("declined", "confirmed")
    assert "المقاعد مخصّصة لمدرّبي الشبكة." in page.inner_text(".registrations-history")
    screenshot(page, "staff-declined-with-reason-ar-360")
