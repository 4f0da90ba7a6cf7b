"""Changing a registration's answers in real Chromium: a participant on an Arabic phone changes
an answer and reads it on their registration's page; an organiser changes one from the
registration's admin page. Screenshots of both pages in both languages, narrow and wide."""

import re

import pytest

from events.registrations import services
from events.registrations.models import Registration
from tests.browser.test_staff_admin import each_admin_screen, fits_the_screen, signed_in
from tests.factories.accounts import UserFactory
from tests.factories.registrations import SettingsFactory, add_questions, participant

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registration(demo_site):
    settings = SettingsFactory(capacity=10)
    questions = add_questions(settings)
    answers = {
        "why_do_you_want_to_take_part": "أريد أن أتعلّم من الآخرين.",
        "your_organisations_field": "Media",
        "sessions_you_will_attend": ["Morning"],
        "do_you_need_a_certificate": "yes",
        "country_of_residence": "IQ",
        "governorate": "baghdad",
        "your_job_title": "مدرّبة",
        "i_agree_to_be_photographed": True,
    }
    assert {question.clean_name for question in questions} >= set(answers)
    user, person = participant(name="Huda Kareem", name_ar="هدى كريم")
    registered = services.register(settings.event, person, answers=answers)
    return user, registered


def test_participant_changes_an_answer_on_an_arabic_phone(live_server, registration, new_page, screenshot):
    user, registered = registration
    base = live_server.url
    page = signed_in(new_page, live_server, user, 360, "ar")
    page.goto(f"{base}/ar/my/events/{registered.reference}/")
    answers = page.locator(".registration-answers")
    assert "مدرّبة" in answers.inner_text()
    answers.get_by_role("link", name="تعديل إجاباتي").click()
    page.wait_for_url(f"{base}/ar/my/events/{registered.reference}/answers/")
    assert page.get_by_label("مسمّاك الوظيفي").input_value() == "مدرّبة"
    assert fits_the_screen(page)
    screenshot(page, "answers-participant-form-ar-360")
    page.get_by_label("مسمّاك الوظيفي").fill("صحفية")
    page.get_by_role("button", name="حفظ إجاباتي").click()
    page.wait_for_url(re.compile(rf".*/ar/my/events/{registered.reference}/$"))
    assert "عُدِّلت الإجابات: «مسمّاك الوظيفي»." in page.locator(".messages").inner_text()
    assert "صحفية" in page.locator(".registration-answers").inner_text()
    assert fits_the_screen(page)
    screenshot(page, "answers-participant-registration-ar-360")
    assert Registration.objects.get(pk=registered.pk).answers["your_job_title"] == "صحفية"

    for language, width in (("ar", 1280), ("en", 360), ("en", 1280)):
        other = signed_in(new_page, live_server, user, width, language)
        other.goto(f"{base}/{language}/my/events/{registered.reference}/answers/")
        assert fits_the_screen(other)
        screenshot(other, f"answers-participant-form-{language}-{width}")
        other.goto(f"{base}/{language}/my/events/{registered.reference}/")
        screenshot(other, f"answers-participant-registration-{language}-{width}")


def test_organiser_changes_an_answer_from_the_registration_page(live_server, registration, new_page, screenshot):
    _user, registered = registration
    staff = UserFactory(is_staff=True, is_superuser=True)
    detail = f"{live_server.url}/admin/registrations/event/{registered.event_id}/registration/{registered.pk}/"
    page = each_admin_screen(new_page, live_server, staff, f"{detail}answers/", screenshot, "answers-staff-form")
    page.goto(detail)
    page.get_by_role("link", name="تعديل الإجابات").click()
    page.wait_for_url(f"{detail}answers/")
    page.get_by_label("مسمّاك الوظيفي").fill("منسّقة برامج")
    page.get_by_role("button", name="حفظ الإجابات").click()
    page.wait_for_url(detail)
    assert "عُدِّلت الإجابات: «مسمّاك الوظيفي»." in page.locator(".messages").inner_text()
    assert "منسّقة برامج" in page.inner_text("main")
    assert "الإجابات المعدَّلة: «مسمّاك الوظيفي»" in page.locator(".registrations-history").inner_text()
    page.locator(".registrations-history").scroll_into_view_if_needed()
    screenshot(page, "answers-staff-registration-ar-360")
