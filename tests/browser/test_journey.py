"""A participant finding their way, in real Chromium on a 360 × 740 phone (and a desktop), in
Arabic and English: the header's account menu, the event's main action and its bottom bar,
the page after registering, cancelling, a past event, the form's boxes and long addresses."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.utils import timezone

from events.registrations import services
from events.registrations.models import QuestionType, Registration, RegistrationStatus
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_axe import AXE, BLOCKING, axe_violations
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.events import VenueFactory
from tests.factories.registrations import SettingsFactory, add_questions, english_of, event_page, participant

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 360, "height": 740}
LANGUAGES = ["ar", "en"]
LONG_EMAIL = "mohammed.abdulrahman.alkhazraji.training-coordinator@civil-society-network.example.org"
WORDS = {
    "ar": {
        "my_events": "فعالياتي",
        "account": "حسابي",
        "profile": "الملف الشخصي",
        "sign_out": "تسجيل الخروج",
        "register": "التسجيل",
        "registered": "تم تسجيلك",
        "cancel": "إلغاء تسجيلي",
        "confirm_cancel": "نعم، إلغاء تسجيلي",
        "cancelled": "أُلغي تسجيلك في",
        "menu": "القائمة",
    },
    "en": {
        "my_events": "My events",
        "account": "My account",
        "profile": "Profile",
        "sign_out": "Sign out",
        "register": "Register",
        "registered": "You're registered",
        "cancel": "Cancel my registration",
        "confirm_cancel": "Yes, cancel my registration",
        "cancelled": "Your registration for",
        "menu": "Menu",
    },
}


def no_serious_axe_violations(page):
    if not AXE.exists():
        return True
    violations = axe_violations(page)
    blocking = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations if v["impact"] in BLOCKING]
    assert not blocking, blocking
    return True


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def sign_in(page, base, email, language):
    page.goto(f"{base}/{language}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/{language}/")


def event_in(language, event):
    return event if language == "ar" else english_of(event)


def in_view(page, locator):
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_has_my_events_and_an_account_menu(live_server, demo_site, new_page, screenshot, language):
    words = WORDS[language]
    user, _person = participant()
    for size in (PHONE, {"width": 1280, "height": 800}):
        page = new_page(**size, locale=language)
        sign_in(page, live_server.url, user.email, language)
        if size["width"] == 360:
            page.get_by_role("button", name=words["menu"]).click()
        nav = page.locator("#site-nav")
        my_events = nav.locator(".nav-my-events a")
        assert my_events.is_visible() and my_events.inner_text() == words["my_events"]
        page.locator(".account-menu-toggle").click()
        menu = page.locator(".account-menu-list")
        assert menu.is_visible()
        assert words["profile"] in menu.inner_text() and words["sign_out"] in menu.inner_text()
        assert fits_the_screen(page) and no_serious_axe_violations(page)
        screenshot(page, f"journey-header-menu-{language}-{size['width']}")
    # Signing out is a POST from the menu.
    page.locator(".account-menu-button").click()
    page.wait_for_load_state()
    assert page.locator(".account-menu").count() == 0
    assert page.locator(f'.nav-tools a[href="/{language}/accounts/login/"]').count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_register_is_the_main_action_and_stays_at_hand(live_server, demo_site, new_page, screenshot, language):
    words = WORDS[language]
    settings = SettingsFactory(capacity=20, closes_at=timezone.now() + dt.timedelta(days=7))
    add_questions(settings)
    event = event_in(language, settings.event)
    page = new_page(**PHONE, locale=language)
    page.goto(f"{live_server.url}{event.url}")
    primary = page.locator(".registration-cta .cta-primary")
    assert primary.inner_text().strip() == words["register"]
    assert "20" in page.locator(".cta-facts").inner_text()
    assert no_serious_axe_violations(page)
    bar = page.locator("[data-cta-bar]")
    screenshot(page, f"journey-event-hero-{language}-360")
    page.mouse.wheel(0, 1400)
    page.wait_for_timeout(400)
    assert not in_view(page, primary)
    assert bar.is_visible() and in_view(page, bar.locator(".cta-bar-button"))
    page.screenshot(path=str(ARTIFACTS / f"journey-event-bar-{language}-360.png"))  # the screen, not the page
    bar.locator(".cta-bar-button").click()
    page.wait_for_url(f"**/{language}/accounts/login/**")

    wide = new_page(width=1280, height=800, locale=language)
    wide.goto(f"{live_server.url}{event.url}")
    assert in_view(wide, wide.locator(".registration-cta .cta-primary"))
    assert not wide.locator("[data-cta-bar]").is_visible()
    screenshot(wide, f"journey-event-hero-{language}-1280")


@pytest.mark.parametrize("language", LANGUAGES)
def test_registering_then_cancelling(live_server, demo_site, new_page, screenshot, language):
    words = WORDS[language]
    venue = VenueFactory(name="Al-Mansour hall", name_ar="قاعة المنصور", address_ar="شارع 14 رمضان")
    settings = SettingsFactory(event=event_page(event_format="in_person", venue=venue, online_link=""))
    user, person = participant()
    event = event_in(language, settings.event)
    page = new_page(**PHONE, locale=language)
    sign_in(page, live_server.url, user.email, language)
    page.goto(f"{live_server.url}{event.url}")
    page.locator(".registration-cta .cta-primary").click()  # one click: the event asks no questions
    registration = Registration.objects.get(person=person)
    page.wait_for_url(f"**/{language}/my/events/{registration.reference}/")
    message = page.locator(".messages")
    header = page.locator(".site-header").bounding_box()
    assert message.is_visible() and message.bounding_box()["y"] >= header["y"] + header["height"]
    summary = page.locator(".registration-summary")
    assert words["registered"] in summary.inner_text() and event.title in summary.inner_text()
    assert page.locator(f'a[href="/{language}/tickets/{registration.reference}/"]').is_visible()
    assert (venue.name_ar if language == "ar" else venue.name) in page.locator(".registration-place").inner_text()
    assert page.locator(".registration-calendar a[download]").count() == 1
    assert fits_the_screen(page) and no_serious_axe_violations(page)
    screenshot(page, f"journey-registered-{language}-360")
    wide = new_page(width=1280, height=800, locale=language)
    sign_in(wide, live_server.url, user.email, language)
    wide.goto(page.url)
    screenshot(wide, f"journey-registered-{language}-1280")

    # Cancelling asks first, on a page of its own.
    page.locator(".registration-next").get_by_role("link", name=words["cancel"]).click()
    page.wait_for_url(f"**/{language}/my/events/{registration.reference}/cancel/")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert event.title in page.locator("main").inner_text() and no_serious_axe_violations(page)
    screenshot(page, f"journey-cancel-confirm-{language}-360")
    page.get_by_role("button", name=words["confirm_cancel"]).click()
    page.wait_for_url(f"**/{language}/my/events/")
    text = page.locator(".messages").inner_text()
    assert words["cancelled"] in text and event.title in text
    if language == "en":
        assert settings.event.title not in text  # the English page's message names the English title
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


@pytest.mark.parametrize("language", LANGUAGES)
def test_past_event_reads_as_a_record(live_server, demo_site, new_page, screenshot, language):
    start = timezone.now() - dt.timedelta(days=60)
    settings = SettingsFactory(event=event_page(start=start, end=start + dt.timedelta(hours=5)))
    event = event_in(language, settings.event)
    for width in (360, 1280):
        page = new_page(width=width, height=740, locale=language)
        page.goto(f"{live_server.url}{event.url}")
        hero = page.locator(".event-hero")
        assert hero.locator(".event-hero-record").is_visible()
        assert page.locator("[data-calendar], #add-to-calendar, .agenda-ics, .event-online-note").count() == 0
        assert page.locator(".registration-cta, [data-cta-bar]").count() == 0
        assert fits_the_screen(page)
        screenshot(page, f"journey-past-event-{language}-{width}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_registration_form_on_a_phone(live_server, demo_site, new_page, screenshot, language):
    settings = SettingsFactory()
    questions = add_questions(settings)
    user, _person = participant()
    event = event_in(language, settings.event)
    page = new_page(**PHONE, locale=language)
    sign_in(page, live_server.url, user.email, language)
    page.goto(f"{live_server.url}/{language}/registrations/{event.pk}/")
    boxes = page.locator(".registration-form input[type=radio], .registration-form input[type=checkbox]")
    assert boxes.count() >= 7
    for index in range(boxes.count()):
        box = boxes.nth(index).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box
    assert page.locator(".registration-form input:checked").count() == 0
    governorate = next(q for q in questions if q.field_type == QuestionType.GOVERNORATE)
    assert page.locator(f"#id_q_{governorate.clean_name}").input_value() == ""
    assert page.locator(f"label[for=id_q_{governorate.clean_name}] .required-mark").is_visible()
    assert fits_the_screen(page) and no_serious_axe_violations(page)
    screenshot(page, f"journey-form-{language}-360")
    page.locator("main form button[type=submit]").click()
    assert page.locator(".field-invalid").count() >= 5  # nothing was answered for them
    screenshot(page, f"journey-form-errors-{language}-360")


@pytest.mark.parametrize("language", LANGUAGES)
def test_long_email_wraps_on_a_phone(live_server, demo_site, new_page, screenshot, language):
    user = UserFactory(email=LONG_EMAIL, verified=False)
    address = EmailAddress.objects.get(user=user)
    key = EmailConfirmationHMAC(address).key
    page = new_page(**PHONE, locale=language)
    page.goto(f"{live_server.url}/{language}/accounts/confirm-email/{key}/")
    assert LONG_EMAIL in page.locator("main").inner_text()
    assert fits_the_screen(page)
    card = page.locator(".account-card").bounding_box()
    assert card["x"] >= 0 and card["x"] + card["width"] <= 360
    screenshot(page, f"journey-confirm-email-long-{language}-360")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    settings = SettingsFactory()
    services.register(settings.event, participant_for(user))
    sign_in(page, live_server.url, LONG_EMAIL, language)
    for path, name in (("accounts/email/", "email"), ("my/events/", "my-events"), ("my/profile/", "profile")):
        page.goto(f"{live_server.url}/{language}/{path}")
        assert fits_the_screen(page), path
        screenshot(page, f"journey-long-{name}-{language}-360")
    page.goto(f"{live_server.url}/{language}/registrations/{event_in(language, add_question_event()).pk}/")
    assert LONG_EMAIL in page.locator("main").inner_text() and fits_the_screen(page)
    screenshot(page, f"journey-long-register-{language}-360")


def participant_for(user):
    """The directory entry confirming the address created for the account."""
    from network.models import Person

    person = Person.objects.get(user=user)
    person.name, person.name_ar = "Mohammed", "محمد"
    person.save()
    return person


def add_question_event():
    settings = SettingsFactory()
    add_questions(settings)
    return settings.event
