"""Giving a place to someone else in real Chromium: a participant on an Arabic phone gives their
seat to a colleague, who signs in and accepts it; an organiser gives a waiting participant's
place from the registration's admin page. Screenshots in both languages, narrow and wide, and
axe-core on the participant's page and on the organisers' preview of the form."""

import re

import pytest

from events.registrations import services
from events.registrations.models import Registration, RegistrationStatus
from network.people import link_person
from tests.browser.test_axe import AXE, BLOCKING, axe_violations
from tests.browser.test_staff_admin import each_admin_screen, fits_the_screen, signed_in
from tests.factories.accounts import UserFactory
from tests.factories.registrations import SettingsFactory, organisation_questions, participant

pytestmark = pytest.mark.django_db(transaction=True)
S = RegistrationStatus


@pytest.fixture
def seated(demo_site):
    settings = SettingsFactory(capacity=1, participants_give_places=True)
    user, person = participant(name="Noor Ali", name_ar="نور علي")
    registration = services.register(settings.event, person, language="ar")
    assert registration.status == S.CONFIRMED
    return user, registration


def test_a_participant_gives_the_seat_and_the_colleague_accepts_it(live_server, seated, new_page, screenshot):
    user, registration = seated
    base = live_server.url
    for language, width in (("en", 360), ("en", 1280), ("ar", 1280)):
        other = signed_in(new_page, live_server, user, width, language)
        other.goto(f"{base}/{language}/my/events/{registration.reference}/give/")
        assert fits_the_screen(other)
        screenshot(other, f"give-place-form-{language}-{width}")

    page = signed_in(new_page, live_server, user, 360, "ar")
    page.goto(f"{base}/ar/my/events/{registration.reference}/")
    page.get_by_role("link", name="امنح مكاني لشخص آخر").click()
    page.wait_for_url(f"{base}/ar/my/events/{registration.reference}/give/")
    assert "يأخذ زميلك مقعدك المؤكَّد." in page.locator("main").inner_text()
    assert fits_the_screen(page)
    screenshot(page, "give-place-form-ar-360")
    page.get_by_role("button", name="امنح مكاني").click()  # nothing filled in: refused, said why
    assert "هذا الحقل مطلوب." in page.locator("main").inner_text()
    page.get_by_label("بريده الإلكتروني").fill("sami@example.org")
    page.get_by_label("اسمه بالعربية").fill("سامي حسن")
    page.get_by_role("button", name="امنح مكاني").click()
    page.wait_for_url(f"{base}/ar/my/events/")
    assert "منحتَ مكانك في" in page.locator(".messages").inner_text()
    screenshot(page, "give-place-done-ar-360")
    newcomer = Registration.objects.get(replaces=registration)
    assert (newcomer.status, newcomer.awaiting_acceptance) == (S.CONFIRMED, True)

    sami = UserFactory(email="sami@example.org", verified=True)
    link_person(sami, "sami@example.org")  # as confirming the address does
    colleague = signed_in(new_page, live_server, sami, 360, "ar")
    colleague.goto(f"{base}/ar/my/events/")
    card = colleague.locator(f'[id="{newcomer.reference}"]')  # a reference may start with a digit
    card.get_by_role("button", name=re.compile("قبول")).click()
    colleague.wait_for_load_state()
    newcomer.refresh_from_db()
    assert (newcomer.status, newcomer.awaiting_acceptance) == (S.CONFIRMED, False)
    screenshot(colleague, "give-place-accepted-ar-360")


def test_the_colleague_answers_the_questions_on_accepting(live_server, seated, new_page, screenshot):
    """On an Arabic phone: "Accept" opens the event's questions; left unanswered it accepts
    nothing; "Yes" shows the question asked only then; answered, the place is accepted."""
    user, registration = seated
    organisation_questions(registration.event.registration_settings)
    newcomer = services.replace(
        registration, email="sami@example.org", name_ar="سامي حسن", by=user, as_participant=True
    )
    sami = UserFactory(email="sami@example.org", verified=True)
    link_person(sami, "sami@example.org")
    base = live_server.url
    page = signed_in(new_page, live_server, sami, 1280, "en")
    page.goto(f"{base}/en/my/events/{newcomer.reference}/accept/")
    assert fits_the_screen(page)
    screenshot(page, "accept-with-questions-en-1280")

    page = signed_in(new_page, live_server, sami, 360, "ar")
    page.goto(f"{base}/ar/my/events/")
    page.locator(f'[id="{newcomer.reference}"]').get_by_role("link", name="قبول التسجيل").click()
    page.wait_for_url(f"{base}/ar/my/events/{newcomer.reference}/accept/")
    assert "أجب عن أسئلة فريق التنظيم لتقبل مكانك." in page.locator("main").inner_text()
    which = page.get_by_label("أي منظمة تمثّل؟")
    assert which.is_hidden()
    assert fits_the_screen(page)
    screenshot(page, "accept-with-questions-ar-360")
    page.get_by_role("button", name="قبول التسجيل").click()
    assert "هذا الحقل مطلوب." in page.locator("main").inner_text()
    newcomer.refresh_from_db()
    assert newcomer.awaiting_acceptance
    page.get_by_label("نعم", exact=True).check()
    assert which.is_visible()
    which.fill("جمعية الأمل العراقية")
    page.get_by_role("button", name="قبول التسجيل").click()
    page.wait_for_url(f"{base}/ar/my/events/#{newcomer.reference}")
    newcomer.refresh_from_db()
    assert (newcomer.status, newcomer.awaiting_acceptance) == (S.CONFIRMED, False)
    assert newcomer.answers == {
        "do_you_attend_for_an_organisation": "yes",
        "which_organisation_do_you_represent": "جمعية الأمل العراقية",
    }
    screenshot(page, "accept-with-questions-done-ar-360")


def test_an_organiser_gives_a_waiting_place_from_the_admin(live_server, demo_site, new_page, screenshot):
    settings = SettingsFactory(capacity=0)
    _user, person = participant(name="Dara Aziz", name_ar="دارا عزيز")
    waiting = services.register(settings.event, person, language="en")
    staff = UserFactory(is_staff=True, is_superuser=True)
    detail = f"{live_server.url}/admin/registrations/event/{waiting.event_id}/registration/{waiting.pk}/"
    page = each_admin_screen(new_page, live_server, staff, f"{detail}replace/", screenshot, "replace-staff-form")
    page.goto(detail)
    page.get_by_role("link", name="منح المكان لشخص آخر").click()
    page.wait_for_url(f"{detail}replace/")
    assert "يأخذ الشخص الجديد المكان نفسه في قائمة الانتظار، رقم 1." in page.locator("main").inner_text()
    page.get_by_label("الاسم بالأحرف العربية").fill("ليلى")
    page.get_by_label("السبب الموجَّه إلى المشارك").fill("ترسل المنظمة ليلى بدلًا منك.")
    page.get_by_role("button", name="امنح المكان").click()
    newcomer = Registration.objects.get(replaces=waiting)
    page.wait_for_url(re.compile(rf".*/registration/{newcomer.pk}/$"))
    assert "أخذ ليلى مكان دارا عزيز" in page.locator(".messages").inner_text()
    assert (newcomer.status, Registration.objects.get(pk=waiting.pk).status) == (S.WAITLISTED, S.CANCELLED)
    screenshot(page, "replace-staff-done-ar-1280")


@pytest.mark.skipif(not AXE.exists(), reason="needs the axe-core npm package (`make test` installs it)")
def test_the_give_page_and_the_form_preview_have_no_serious_accessibility_violations(live_server, seated, new_page):
    user, registration = seated
    organiser = UserFactory(is_staff=True, is_superuser=True)
    found = {}
    for language in ("ar", "en"):
        for who, path in (
            (user, f"/{language}/my/events/{registration.reference}/give/"),
            (organiser, f"/{language}/registrations/{registration.event_id}/preview/"),
        ):
            page = signed_in(new_page, live_server, who, 1280, language)
            page.goto(f"{live_server.url}{path}")
            blocking = [v["id"] for v in axe_violations(page) if v["impact"] in BLOCKING]
            if blocking:
                found[path] = blocking
    assert not found, found
