"""Answering an evaluation: who may, when, once, anonymously, and what bad input gets."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from events.evaluation.errors import EvaluationError
from events.evaluation.models import EvaluationReceipt, EvaluationResponse
from events.evaluation.services.answering import KEY_FIELD, answer
from events.evaluation.services.eligibility import eligible_registrations
from events.registrations.models import RegistrationStatus
from tests.factories.registrations import RegistrationFactory, participant

from .conftest import ended_event, key_of, valid_answers

pytestmark = pytest.mark.django_db


def url(registration, lang="en"):
    return f"/{lang}/my/events/{registration.reference}/evaluation/"


def signed_in(client, user):
    client.force_login(user)
    return client


def test_only_confirmed_participants_who_attended_may_answer(evaluation, people):
    eligible = set(eligible_registrations(evaluation.event))
    assert eligible == {people["arabic"][1], people["english"][1]}


def test_at_an_event_without_attendance_every_confirmed_participant_may_answer(demo_site):
    event = ended_event()
    confirmed = RegistrationFactory(event=event)
    pending = RegistrationFactory(event=event, status=RegistrationStatus.PENDING)
    assert list(eligible_registrations(event)) == [confirmed]
    assert pending not in eligible_registrations(event)


def test_the_form_opens_when_the_event_ends_and_closes_thirty_days_later(evaluation):
    end = evaluation.event.end
    assert evaluation.window_state(end - dt.timedelta(minutes=1)) == "not_yet_open"
    assert evaluation.window_state(end) == "open"
    assert evaluation.window_state(end + dt.timedelta(days=29, hours=23)) == "open"
    assert evaluation.window_state(end + dt.timedelta(days=30)) == "closed"
    evaluation.closes_at = end + dt.timedelta(days=3)
    assert evaluation.window_state(end + dt.timedelta(days=4)) == "closed"


def test_answering_stores_the_answers_apart_from_the_registration(evaluation, people):
    _user, registration = people["arabic"]
    response = answer(evaluation, registration, {"useful": "5"}, "ar", key=key_of(evaluation))

    assert response.answers == {"useful": "5"}
    assert response.language == "ar"
    assert response.submitted_on == timezone.localdate()
    # Nothing on the response leads back to a person: only the form, answers, language and day.
    assert {field.name for field in EvaluationResponse._meta.concrete_fields} == {
        "id",
        "form",
        "answers",
        "language",
        "submitted_on",
    }
    receipt = EvaluationReceipt.objects.get(registration=registration)
    assert receipt.answered_at is not None


def test_a_second_answer_is_refused_and_stores_nothing(evaluation, people):
    _user, registration = people["english"]
    answer(evaluation, registration, {"useful": "5"}, "en", key=key_of(evaluation))
    with pytest.raises(EvaluationError) as refused:
        answer(evaluation, registration, {"useful": "1"}, "en", key=key_of(evaluation))
    assert refused.value.code == "already_answered"
    assert list(EvaluationResponse.objects.values_list("answers", flat=True)) == [{"useful": "5"}]


@pytest.mark.parametrize(
    ("who", "code"),
    [("absent", "not_eligible"), ("cancelled", "not_eligible")],
)
def test_those_who_did_not_take_part_are_refused(evaluation, people, who, code):
    with pytest.raises(EvaluationError) as refused:
        answer(evaluation, people[who][1], {"useful": "5"}, "ar", key=key_of(evaluation))
    assert refused.value.code == code
    assert not EvaluationResponse.objects.exists()


def test_before_it_opens_and_after_it_closes_answers_are_refused(evaluation, people):
    registration = people["arabic"][1]
    for moment, code in [
        (evaluation.event.end - dt.timedelta(hours=1), "not_yet_open"),
        (evaluation.event.end + dt.timedelta(days=31), "closed"),
    ]:
        with pytest.raises(EvaluationError) as refused:
            answer(evaluation, registration, {"useful": "5"}, "ar", key=key_of(evaluation), now=moment)
        assert refused.value.code == code
    assert not EvaluationResponse.objects.exists()


def test_the_participant_answers_in_english_and_is_thanked(client, evaluation, people):
    user, registration = people["english"]
    signed_in(client, user)
    page = client.get(url(registration))
    text = page.content.decode()
    assert page.status_code == 200
    assert "How useful was the training?" in text
    assert "5 — Excellent" in text
    assert "Your answers are anonymous." in text

    response = client.post(url(registration), valid_answers(evaluation.questions.all()), follow=True)

    text = response.content.decode()
    assert "Thank you! Your evaluation was sent to the organisers, without your name." in text
    assert "You have evaluated this event." in text
    stored = EvaluationResponse.objects.get()
    assert stored.language == "en"
    assert stored.answers == {
        "how_useful_was_the_training": "4",
        "which_part_helped_you_most": "Group work",
        "would_you_recommend_it": "yes",
        "what_should_we_change": "More time for the group work.",
    }


def test_the_arabic_form_reads_right_to_left_with_arabic_questions(client, evaluation, people):
    user, registration = people["arabic"]
    text = signed_in(client, user).get(url(registration, "ar")).content.decode()
    assert 'dir="rtl"' in text
    assert "ما مدى فائدة التدريب؟" in text
    assert "العمل الجماعي" in text
    assert "How useful was the training?" not in text


def test_a_second_answer_from_the_page_is_refused_with_a_message(client, evaluation, people):
    user, registration = people["english"]
    signed_in(client, user)
    data = valid_answers(evaluation.questions.all())
    client.post(url(registration), data)
    again = client.post(url(registration), {**data, next(iter(data)): "1"})
    assert again.status_code == 409
    assert "You have already evaluated this event." in again.content.decode()
    assert EvaluationResponse.objects.count() == 1
    assert EvaluationResponse.objects.get().answers["how_useful_was_the_training"] == "4"


@pytest.mark.parametrize(
    ("lang", "change", "message"),
    [
        ("en", {"rating": None}, "This field is required."),
        ("ar", {"rating": None}, "هذا الحقل مطلوب."),
        ("en", {"rating": "9"}, "Select a valid choice."),
        ("ar", {"rating": "9"}, "انتق خياراً صحيحاً."),
        ("en", {"everything": None}, "Please answer at least one question."),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(client, evaluation, people, lang, change, message):
    user, registration = people["arabic"]
    questions = list(evaluation.questions.all())
    data = valid_answers(questions)
    rating = f"q_{questions[0].clean_name}"
    if "rating" in change:
        data.pop(rating) if change["rating"] is None else data.update({rating: change["rating"]})
    if "everything" in change:
        questions[0].required = False
        questions[0].save()
        data = {KEY_FIELD: key_of(evaluation)}
    response = signed_in(client, user).post(url(registration, lang), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EvaluationResponse.objects.exists()
    assert not EvaluationReceipt.objects.filter(answered_at__isnull=False).exists()


def test_my_events_offers_the_evaluation_once_it_opens_then_thanks(client, evaluation, people):
    user, registration = people["english"]
    signed_in(client, user)
    text = client.get("/en/my/events/").content.decode()
    assert "Tell the organisers how it went" in text
    assert url(registration) in text
    detail = client.get(reverse("registrations:registration", args=[registration.reference])).content.decode()
    assert url(registration) in detail.replace("/ar/", "/en/")

    client.post(url(registration), valid_answers(evaluation.questions.all()))

    text = client.get("/en/my/events/").content.decode()
    assert url(registration) not in text
    assert "You have evaluated this event. Thank you!" in text


def test_after_it_closes_the_page_and_my_events_say_so(client, evaluation, people):
    evaluation.opens_at = timezone.now() - dt.timedelta(days=10)
    evaluation.closes_at = timezone.now() - dt.timedelta(days=1)
    evaluation.save()
    user, registration = people["english"]
    signed_in(client, user)
    assert "The evaluation of this event closed on" in client.get("/en/my/events/").content.decode()
    page = client.get(url(registration))
    assert "The evaluation of this event is closed." in page.content.decode()
    refused = client.post(url(registration), valid_answers(evaluation.questions.all()))
    assert refused.status_code == 409
    assert not EvaluationResponse.objects.exists()


def test_nothing_is_offered_before_it_opens_nor_to_who_did_not_come(client, evaluation, people):
    user, registration = people["absent"]
    signed_in(client, user)
    assert "Tell the organisers how it went" not in client.get("/en/my/events/").content.decode()
    page = client.get(url(registration))
    assert "The evaluation is for the participants who took part in the event." in page.content.decode()
    assert '<form method="post" novalidate>' not in page.content.decode()


def test_another_participants_evaluation_is_not_found(client, evaluation, people):
    stranger, _person = participant()
    registration = people["arabic"][1]
    assert signed_in(client, stranger).get(url(registration)).status_code == 404
    assert client.post(url(registration), valid_answers(evaluation.questions.all())).status_code == 404
    assert not EvaluationResponse.objects.exists()
