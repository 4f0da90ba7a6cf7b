"""The evaluation in real Chromium: a participant on an Arabic phone opens My events the day
after the event, answers its evaluation and is thanked; the organiser reads the results.
Screenshots of the form and the results in Arabic and English, on a phone and a desktop, in
/tmp/eval-shots/ besides the test artefacts."""

import shutil
from pathlib import Path

import pytest

from events.evaluation.models import EvaluationForm, EvaluationQuestion, EvaluationQuestionType, EvaluationResponse
from events.evaluation.services.answering import answer
from tests.browser.test_staff_admin import admin_in, fits_the_screen, signed_in
from tests.events.evaluation.conftest import add_questions, attend, change_only_if_not_recommended, ended_event, key_of
from tests.factories.registrations import RegistrationFactory, organiser, participant

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/tmp/eval-shots")  # noqa: S108 - a fixed folder for people to look at, not a private file


def shot(screenshot, page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(screenshot(page, name), SHOTS / f"{name}.png")


def test_a_participant_evaluates_the_event_on_an_arabic_phone(live_server, demo_site, new_page, screenshot):
    base = live_server.url
    event = ended_event()
    form = EvaluationForm.objects.create(event=event)
    add_questions(form)
    user, person = participant(name="Maha Dawood", name_ar="مها داود")
    registration = RegistrationFactory(event=event, person=person, language="ar")
    attend(registration)
    english_user, english_person = participant(name="John Smith", name_ar="")
    english = RegistrationFactory(event=event, person=english_person, language="en")
    attend(english)

    page = signed_in(new_page, live_server, user, 360, "ar")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{base}/ar/my/events/")
    section = page.locator("#evaluations")
    assert "التقييمات" in section.inner_text()
    section.get_by_role("link", name="أخبر فريق التنظيم برأيك في الفعالية").click()
    page.wait_for_url(f"**/ar/my/events/{registration.reference}/evaluation/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "إجاباتك مجهولة الهوية." in page.inner_text("main")
    assert fits_the_screen(page)
    shot(screenshot, page, "evaluation-form-ar-360")

    page.get_by_label("4 — جيد").check()
    page.get_by_label("العمل الجماعي").check()
    page.get_by_label("نعم").check()
    page.get_by_label("ما الذي ينبغي أن نغيّره؟").fill("وقت أطول للعمل الجماعي")
    page.get_by_role("button", name="إرسال تقييمي").click()

    page.wait_for_url(f"**/ar/my/events/{registration.reference}/evaluation/")
    text = page.inner_text("main")
    assert "شكرًا لك! أُرسل تقييمك إلى فريق التنظيم دون اسمك." in page.content()
    assert "لقد قيّمت هذه الفعالية." in text
    shot(screenshot, page, "evaluation-thanks-ar-360")
    assert EvaluationResponse.objects.get().answers["what_should_we_change"] == "وقت أطول للعمل الجماعي"

    # The same form in English, on a phone and a desktop.
    for width in (360, 1280):
        other = signed_in(new_page, live_server, english_user, width, "en")
        other.goto(f"{base}/en/my/events/{english.reference}/evaluation/")
        assert "How useful was the training?" in other.inner_text("main")
        assert fits_the_screen(other)
        shot(screenshot, other, f"evaluation-form-en-{width}")
    wide = signed_in(new_page, live_server, user, 1280, "ar")
    wide.goto(f"{base}/ar/my/events/{registration.reference}/evaluation/")
    shot(screenshot, wide, "evaluation-thanks-ar-1280")

    # The organiser's results, in both languages.
    answer(form, english, {"how_useful_was_the_training": "5", "would_you_recommend_it": "no"}, "en", key=key_of(form))
    manager = organiser(edit_pages_under=event.get_parent())
    for language in ("ar", "en"):
        admin_in(manager, language)
        for width in (360, 1280):
            admin = signed_in(new_page, live_server, manager, width, language)
            admin.goto(f"{base}/admin/evaluation/{event.pk}/")
            body = admin.inner_text("main")
            assert ("وقت أطول للعمل الجماعي" in body) and "Maha" not in body and "مها داود" not in body
            shot(screenshot, admin, f"evaluation-results-{language}-{width}")


CHANGED = {
    "ar": "غيّر فريق التنظيم هذا التقييم أثناء إجابتك عنه. يُرجى مراجعة إجاباتك وإرسالها من جديد.",
    "en": "The organisers changed this evaluation while you were answering. Check your answers and send again.",
}


def test_a_form_changed_while_it_was_answered_comes_back_with_the_answers_that_hold(
    live_server, demo_site, new_page, screenshot
):
    """The organisers add a question and give another more choices while the participant
    answers: sending stores nothing and shows the form as it is now, the rating and the typed
    answer kept, the two questions that changed empty and marked. Sent again, it is stored.
    Screenshots of the refused form in Arabic and English, on a phone and a desktop."""
    base = live_server.url
    event = ended_event()
    form = EvaluationForm.objects.create(event=event)
    add_questions(form)
    people = {}
    for language, names in (("ar", ("Maha Dawood", "مها داود")), ("en", ("John Smith", ""))):
        user, person = participant(name=names[0], name_ar=names[1])
        registration = RegistrationFactory(event=event, person=person, language=language)
        attend(registration)
        people[language] = (user, registration)
    choice = form.questions.get(field_type=EvaluationQuestionType.SINGLE_CHOICE)

    opened = []
    for language, width in (("ar", 360), ("en", 360), ("ar", 1280), ("en", 1280)):
        user, registration = people[language]
        page = signed_in(new_page, live_server, user, width, language)
        page.goto(f"{base}/{language}/my/events/{registration.reference}/evaluation/")
        rating, group_work = ("4 — جيد", "العمل الجماعي") if language == "ar" else ("4 — Good", "Group work")
        page.get_by_label(rating).check()
        page.get_by_label(group_work).check()
        typed = "وقت أطول للعمل الجماعي" if language == "ar" else "More time for the group work."
        page.locator("textarea").fill(typed)
        opened.append((language, width, page, rating, group_work, typed))

    # Meanwhile the organisers add a question and a choice.
    EvaluationQuestion.objects.create(
        form=form,
        label="How was the venue?",
        label_ar="كيف كان المكان؟",
        field_type=EvaluationQuestionType.RATING,
        required=True,
        sort_order=10,
    )
    choice.choices += "\nField visits"
    choice.choices_ar += "\nالزيارات الميدانية"
    choice.save()

    for language, width, page, rating, group_work, typed in opened:
        page.get_by_role("button", name="إرسال تقييمي" if language == "ar" else "Send my evaluation").click()
        page.wait_for_load_state()
        alert = page.get_by_role("alert")
        assert CHANGED[language] in alert.inner_text()
        assert page.get_by_label(rating).first.is_checked()  # the first question; the new one is not
        assert not page.get_by_label(group_work).is_checked()
        assert page.locator("textarea").input_value() == typed
        assert page.locator(".question-changed").count() == 2
        assert fits_the_screen(page)
        shot(screenshot, page, f"evaluation-changed-{language}-{width}")
    assert not EvaluationResponse.objects.exists()

    # Sent again from the page shown (one of the four: the others' registrations are the same two).
    language, _width, page, _rating, group_work, _typed = opened[0]
    page.get_by_label(group_work).check()
    page.locator(".question-changed").last.get_by_label("5 — ممتاز").check()
    page.get_by_role("button", name="إرسال تقييمي").click()
    page.wait_for_url(f"**/ar/my/events/{people['ar'][1].reference}/evaluation/")
    assert "لقد قيّمت هذه الفعالية." in page.inner_text("main")
    stored = EvaluationResponse.objects.get()
    assert stored.answers["how_was_the_venue"] == "5"
    assert stored.answers["what_should_we_change"] == "وقت أطول للعمل الجماعي"


def test_a_question_asked_on_an_earlier_answer_appears_with_it(live_server, demo_site, new_page, screenshot):
    """ "What should we change?" only for those who would not recommend the training: hidden
    until "No" is ticked, gone again with "Yes", and not stored when not asked."""
    base = live_server.url
    event = ended_event()
    form = EvaluationForm.objects.create(event=event)
    change_only_if_not_recommended(add_questions(form))
    user, person = participant(name="Maha Dawood", name_ar="مها داود")
    registration = RegistrationFactory(event=event, person=person, language="ar")
    attend(registration)

    page = signed_in(new_page, live_server, user, 360, "ar")
    page.goto(f"{base}/ar/my/events/{registration.reference}/evaluation/")
    asked = page.get_by_label("ما الذي ينبغي أن نغيّره؟")
    assert not asked.is_visible()
    page.get_by_label("لا", exact=True).check()
    assert asked.is_visible()
    assert fits_the_screen(page)
    shot(screenshot, page, "evaluation-condition-ar-360")
    asked.fill("أيام أقصر")
    page.get_by_label("نعم").check()
    assert not asked.is_visible()
    page.get_by_label("4 — جيد").check()
    page.get_by_role("button", name="إرسال تقييمي").click()
    page.wait_for_url(f"**/ar/my/events/{registration.reference}/evaluation/")
    assert "لقد قيّمت هذه الفعالية." in page.inner_text("main")
    assert EvaluationResponse.objects.get().answers == {
        "how_useful_was_the_training": "4",
        "would_you_recommend_it": "yes",
    }
