"""Registration in real Chromium, in Arabic: a new participant signs up, confirms their
address with the emailed link, registers for a demo event with questions, opens the ticket
PDF and cancels; the person waiting for the seat is promoted and told by email."""

import re

import pytest
from django.core import mail

from events.registrations.models import Registration, RegistrationSettings, RegistrationStatus
from tests.factories.accounts import PASSWORD
from tests.factories.registrations import participant

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "palm-grove-bridge-58"


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def demo_event(demo_site, demo_snapshots):
    from events.models import EventPage
    from fixtures import events, registrations

    demo_snapshots.load("events", lambda: events.load(lambda message: None))
    demo_snapshots.load("registrations", lambda: registrations.load(lambda message: None))
    event = EventPage.objects.get(slug="demo-open-data-clinic", locale__language_code="ar")
    RegistrationSettings.objects.filter(event=event).update(capacity=1)
    return event


def answer_the_questions(page, with_laptop=True):
    page.get_by_label("الإعلام").check()
    page.get_by_label("ما السؤال الذي تودّ منظمتك الإجابة عنه بالبيانات؟").fill("كم مدرسة في البصرة بلا مختبر؟")
    if with_laptop:
        page.get_by_label("نعم").check()
    page.get_by_label("أوافق على أن يلتقط المنظمون صورًا للجلسات").check()  # a choice, not a condition


def test_sign_up_register_ticket_cancel_and_promotion(live_server, demo_event, new_page, screenshot):
    base = live_server.url
    email = "huda@example.org"

    # A new participant signs up and confirms the address with the emailed link.
    page = new_page(width=360, locale="ar")
    page.goto(f"{base}/ar/accounts/signup/")
    # Typed at a person's pace: sign-up turns away forms sent faster (home.accounts.SignupForm).
    page.locator("#id_email").press_sequentially(email, delay=60)
    page.locator("#id_password1").press_sequentially(NEW_PASSWORD, delay=60)
    page.locator("#id_password2").press_sequentially(NEW_PASSWORD, delay=60)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/accounts/confirm-email/")
    link = re.search(r"https?://[^/\s]+(/ar/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    page.goto(f"{base}{link}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/")

    # The event page offers the last seat; the form asks the event's questions in Arabic.
    page.goto(f"{base}{demo_event.url}")
    cta = page.locator(".registration-cta")
    assert "بقي مقعد واحد" in cta.inner_text()
    screenshot(page, "registration-event-cta-ar-360")
    cta.get_by_role("link", name="التسجيل", exact=True).click()
    page.wait_for_url(f"{base}/ar/registrations/{demo_event.pk}/")
    page.fill("#id_name", "Huda Kareem")
    page.fill("#id_name_ar", "هدى كريم")
    answer_the_questions(page, with_laptop=False)
    page.get_by_role("button", name="التسجيل", exact=True).click()
    assert "هذا الحقل مطلوب" in page.locator("main").inner_text()  # "I will bring a laptop" is required
    assert not Registration.objects.exists()
    page.get_by_label("نعم").check()
    assert fits_the_screen(page)
    screenshot(page, "registration-form-ar-360")
    page.get_by_role("button", name="التسجيل", exact=True).click()
    page.wait_for_url(re.compile(r".*/ar/my/events/\w+/$"))
    assert "تم تسجيلك. مقعدك مؤكَّد" in page.locator(".messages").inner_text()
    mine = Registration.objects.get(person__user__email=email)
    assert page.url.endswith(f"/ar/my/events/{mine.reference}/")
    assert "تم تسجيلك" in page.locator(".registration-summary").inner_text()
    screenshot(page, "registration-registered-ar-360")
    page.goto(f"{base}/ar/my/events/")
    assert mine.status == RegistrationStatus.CONFIRMED
    assert mine.person.name_ar == "هدى كريم"
    confirmation = mail.outbox[-1]
    assert confirmation.to == [email] and "تأكّد تسجيلك" in confirmation.subject
    assert confirmation.attachments[0][0].endswith(".ics")
    assert fits_the_screen(page)
    screenshot(page, "registration-my-events-ar-360")

    # The ticket opens as a PDF for its owner.
    href = page.get_by_role("link", name="التذكرة (PDF)").get_attribute("href")
    ticket = page.context.request.get(f"{base}{href}")
    assert ticket.headers["content-type"] == "application/pdf"
    assert ticket.body().startswith(b"%PDF")

    # Someone else arrives when the event is full and joins the waiting list.
    waiting_user, waiting_person = participant(name="Salim Ali", name_ar="سالم علي")
    other = new_page(width=1280, locale="ar")
    other.goto(f"{base}/ar/accounts/login/")
    other.fill("#id_login", waiting_user.email)
    other.fill("#id_password", PASSWORD)
    other.locator("main form button[type=submit]").click()
    other.wait_for_url(f"{base}/ar/")
    other.goto(f"{base}{demo_event.url}")
    other.locator(".registration-cta").get_by_role("link", name="الانضمام إلى قائمة الانتظار").click()
    answer_the_questions(other)
    other.get_by_role("button", name="الانضمام إلى قائمة الانتظار").click()
    other.wait_for_url(re.compile(r".*/ar/my/events/\w+/$"))
    assert "ترتيبك رقم 1 في قائمة الانتظار" in other.locator(".messages").inner_text()
    screenshot(other, "registration-waitlisted-ar-1280")

    # The first participant cancels; the seat goes to the person waiting, who is told.
    mail.outbox.clear()
    page.get_by_role("link", name="إلغاء تسجيلي").click()
    page.wait_for_url(f"{base}/ar/my/events/{mine.reference}/cancel/")
    page.get_by_role("button", name="نعم، إلغاء تسجيلي").click()
    page.wait_for_url(f"{base}/ar/my/events/")
    assert "أُلغي تسجيلك" in page.locator(".messages").inner_text()
    mine.refresh_from_db()
    assert mine.status == RegistrationStatus.CANCELLED
    promoted = Registration.objects.get(person=waiting_person)
    assert promoted.status == RegistrationStatus.CONFIRMED
    (promotion,) = [message for message in mail.outbox if message.to == [waiting_person.email]]
    assert "توفّر مقعد" in promotion.subject
    assert f"/ar/tickets/{promoted.reference}/" in promotion.body
    other.goto(f"{base}/ar/my/events/")
    card = other.locator(f"[id='{promoted.reference}']")  # a reference may start with a digit
    assert "مؤكَّد" in card.inner_text()
    assert card.get_by_role("link", name="التذكرة (PDF)").count() == 1
    screenshot(other, "registration-promoted-ar-1280")
