"""A question asked only on an earlier answer, in real Chromium on an Arabic phone: it appears
when the answer is chosen and disappears when the answer changes; the registration keeps no
answer to it when it was not asked. Screenshots in both languages, narrow and wide."""

import re

import pytest
from django.test import Client

from events.registrations.models import Registration, RegistrationQuestion
from tests.browser.test_staff_admin import admin_in, fits_the_screen, signed_in
from tests.factories.accounts import UserFactory
from tests.factories.registrations import SettingsFactory, english_of, organisation_questions, participant

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registration_settings(demo_site):
    registration_settings = SettingsFactory(capacity=10)
    organisation_questions(registration_settings)
    return registration_settings


def test_the_question_appears_and_disappears_on_an_arabic_phone(
    live_server, registration_settings, new_page, screenshot
):
    user, person = participant(name="Noor Ali", name_ar="نور علي")
    event = registration_settings.event
    page = signed_in(new_page, live_server, user, 360, "ar")
    page.goto(f"{live_server.url}/ar/registrations/{event.pk}/")
    which = page.get_by_label("أي منظمة تمثّل؟")
    assert which.is_hidden()
    assert fits_the_screen(page)
    screenshot(page, "conditional-question-hidden-ar-360")

    page.get_by_label("نعم").check()
    assert which.is_visible()
    # Without the script the hint says when to answer; with it, it says why the question appeared.
    assert "فقط إذا كانت إجابتك «نعم» عن «هل تحضر باسم منظمة؟»." in page.locator(".registration-form").inner_text()
    which.fill("جمعية الأمل")
    assert fits_the_screen(page)
    screenshot(page, "conditional-question-shown-ar-360")

    page.get_by_label("لا", exact=True).check()
    assert which.is_hidden()
    screenshot(page, "conditional-question-hidden-again-ar-360")
    page.get_by_role("button", name="التسجيل").click()
    page.wait_for_url(re.compile(r".*/my/events/.+/$"))
    assert Registration.objects.get(person=person).answers == {"do_you_attend_for_an_organisation": "no"}


@pytest.mark.parametrize(("language", "width"), [("ar", 1280), ("en", 360), ("en", 1280)])
def test_the_form_in_each_language_and_width(live_server, registration_settings, new_page, screenshot, language, width):
    user, _ = participant(name="Noor Ali", name_ar="نور علي")
    event = registration_settings.event if language == "ar" else english_of(registration_settings.event)
    page = signed_in(new_page, live_server, user, width, language)
    page.goto(f"{live_server.url}/{language}/registrations/{event.pk}/")
    label = "أي منظمة تمثّل؟" if language == "ar" else "Which organisation do you represent?"
    assert page.get_by_label(label).is_hidden()
    page.get_by_label("نعم" if language == "ar" else "Yes", exact=True).check()
    assert page.get_by_label(label).is_visible()
    assert fits_the_screen(page)
    screenshot(page, f"conditional-question-shown-{language}-{width}")


def test_without_javascript_the_question_shows_with_its_hint(live_server, registration_settings, browser, screenshot):
    user, _ = participant(name="Noor Ali", name_ar="نور علي")
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 360, "height": 900}, locale="ar", java_script_enabled=False)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/registrations/{registration_settings.event.pk}/")
    assert page.get_by_label("أي منظمة تمثّل؟").is_visible()
    assert "فقط إذا كانت إجابتك «نعم» عن «هل تحضر باسم منظمة؟»." in page.locator(".registration-form").inner_text()
    screenshot(page, "conditional-question-without-script-ar-360")
    context.close()


@pytest.mark.parametrize(("language", "width"), [("ar", 1280), ("ar", 360), ("en", 1280)])
def test_the_organiser_sets_the_condition_in_the_admin(
    live_server, registration_settings, new_page, screenshot, language, width
):
    organiser = admin_in(UserFactory(is_staff=True, is_superuser=True), language)
    page = signed_in(new_page, live_server, organiser, width, language)
    page.goto(f"{live_server.url}/admin/registrations/event/{registration_settings.event_id}/settings/")
    chooser = page.locator("select[name='questions-1-condition_question']")
    chosen = chooser.evaluate("select => select.options[select.selectedIndex].text").strip()
    assert chosen == ("هل تحضر باسم منظمة؟" if language == "ar" else "Do you attend for an organisation?")
    page.locator("input[name='questions-1-condition_value']").fill("maybe")
    page.locator("button[type='submit']").last.click()
    page.wait_for_load_state()
    refusal = "ليست إحدى إجاباته" if language == "ar" else "is not one of its answers"
    assert refusal in page.content()
    page.locator("input[name='questions-1-condition_value']").scroll_into_view_if_needed()
    screenshot(page, f"conditional-question-admin-refused-{language}-{width}")
    assert RegistrationQuestion.objects.get(sort_order=1).condition_value == "yes"


def test_the_organisers_add_form_asks_it_on_the_answer_too(live_server, registration_settings, new_page, screenshot):
    organiser = admin_in(UserFactory(is_staff=True, is_superuser=True), "ar")
    page = signed_in(new_page, live_server, organiser, 360, "ar")
    page.goto(f"{live_server.url}/admin/registrations/event/{registration_settings.event_id}/add/")
    which = page.locator("input[name='q_which_organisation_do_you_represent']")
    assert which.is_hidden()
    page.locator("input[name='q_do_you_attend_for_an_organisation'][value='yes']").check()
    assert which.is_visible()
    # The whole question shows, its label with it, and only it.
    assert page.get_by_text("أي منظمة تمثّل؟").first.is_visible()
    which.scroll_into_view_if_needed()
    screenshot(page, "conditional-question-staff-add-ar-360")
    page.locator("input[name='q_do_you_attend_for_an_organisation'][value='no']").check()
    assert which.is_hidden()
    assert page.locator("input[name='q_do_you_attend_for_an_organisation'][value='yes']").is_visible()
