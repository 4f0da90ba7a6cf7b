"""An evaluation the organisers change while a participant answers it.

The page sends a signed key naming the questions it showed. When a question was added,
removed, moved or changed (its type, its choices, its wording) between the page and the
answers, nothing is stored: the form comes back as it is now, with the answers to the
unchanged questions kept, the changed ones empty and marked, and a message in the participant's
language. A missing or altered key gets the same, with no answer kept (nothing says what was
shown), and never an error page."""

import datetime as dt
import re

import pytest
from django.core import signing
from django.utils import timezone

from events.evaluation.errors import EvaluationError
from events.evaluation.models import (
    EvaluationForm,
    EvaluationQuestion,
    EvaluationQuestionType,
    EvaluationReceipt,
    EvaluationResponse,
)
from events.evaluation.services.answering import KEY_FIELD, KEY_SALT, answer, check_unchanged, form_key

from .conftest import add_questions, ended_event, key_of, valid_answers

pytestmark = pytest.mark.django_db

CHANGED = {
    "en": "The organisers changed this evaluation while you were answering. Check your answers and send again.",
    "ar": "غيّر فريق التنظيم هذا التقييم أثناء إجابتك عنه. يُرجى مراجعة إجاباتك وإرسالها من جديد.",
}
NEW_OR_CHANGED = {"en": "New or changed", "ar": "جديد أو معدَّل"}
TYPED = "More time for the group work."


def url(registration, lang):
    return f"/{lang}/my/events/{registration.reference}/evaluation/"


def shown_key(html):
    return re.search(r'name="form_key" value="([^"]+)"', html).group(1)


def checked(html, name, value):
    """Whether the page's radio button or checkbox ``name`` = ``value`` is ticked."""
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return " checked" in tag
    raise AssertionError(f"no input {name}={value}")


def question(evaluation, label):
    return evaluation.questions.get(label=label)


def add_a_question(evaluation):
    EvaluationQuestion.objects.create(
        form=evaluation,
        label="How was the venue?",
        label_ar="كيف كان المكان؟",
        field_type=EvaluationQuestionType.RATING,
        required=True,
        sort_order=10,
    )
    return "how_was_the_venue"


def remove_a_question(evaluation):
    question(evaluation, "Which part helped you most?").delete()
    return None


def change_a_type(evaluation):
    typed = question(evaluation, "What should we change?")
    typed.field_type = EvaluationQuestionType.SHORT_TEXT
    typed.save()
    return typed.clean_name


def change_the_choices(evaluation):
    choice = question(evaluation, "Which part helped you most?")
    choice.choices += "\nField visits"
    choice.choices_ar += "\nالزيارات الميدانية"
    choice.save()
    return choice.clean_name


CHANGES = {
    "added": add_a_question,
    "removed": remove_a_question,
    "type changed": change_a_type,
    "choices changed": change_the_choices,
}


def nothing_stored(receipts_before):
    assert not EvaluationResponse.objects.exists()
    assert EvaluationReceipt.objects.count() == receipts_before
    assert not EvaluationReceipt.objects.filter(answered_at__isnull=False).exists()


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("change", CHANGES)
def test_a_form_changed_between_the_page_and_the_answers_stores_nothing_and_comes_back(
    client, evaluation, people, lang, change
):
    user, registration = people["english" if lang == "en" else "arabic"]
    client.force_login(user)
    page = client.get(url(registration, lang)).content.decode()
    data = {**valid_answers(evaluation.questions.all()), KEY_FIELD: shown_key(page)}
    receipts = EvaluationReceipt.objects.count()

    changed_name = CHANGES[change](evaluation)
    refused = client.post(url(registration, lang), data)

    assert refused.status_code == 409
    html = refused.content.decode()
    assert CHANGED[lang] in html
    assert 'role="alert"' in html
    nothing_stored(receipts)
    # The form as it is now, with a new key that is accepted as it stands.
    assert shown_key(html) == key_of(evaluation)
    # The answers to the unchanged questions are kept; a changed question starts empty, marked.
    assert checked(html, "q_how_useful_was_the_training", "4")
    assert checked(html, "q_would_you_recommend_it", "yes")
    if change == "removed":
        assert "q_which_part_helped_you_most" not in html
        assert NEW_OR_CHANGED[lang] not in html
    else:
        assert html.count(NEW_OR_CHANGED[lang]) == 1
        assert '<div class="question question-changed">' in html
    if change == "choices changed":
        assert not checked(html, "q_which_part_helped_you_most", "Group work")
    elif change != "removed":
        assert checked(html, "q_which_part_helped_you_most", "Group work")
    assert (TYPED in html) is (change != "type changed")
    assert changed_name is None or f'name="q_{changed_name}"' in html

    # Sent again from the page shown, the answers are stored.
    again = {**data, KEY_FIELD: shown_key(html)}
    if change == "added":
        again[f"q_{changed_name}"] = "5"
    if change == "removed":
        again.pop("q_which_part_helped_you_most")
    sent = client.post(url(registration, lang), again)
    assert sent.status_code == 302
    stored = EvaluationResponse.objects.get()
    assert stored.answers["how_useful_was_the_training"] == "4"
    assert stored.language == lang


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_new_required_question_is_not_asked_for_before_the_participant_has_seen_it(client, evaluation, people, lang):
    """The refusal speaks of the change, not of a missing answer to a question never shown."""
    user, registration = people["arabic"]
    client.force_login(user)
    data = valid_answers(evaluation.questions.all())
    add_a_question(evaluation)
    html = client.post(url(registration, lang), data).content.decode()
    assert CHANGED[lang] in html
    assert "This field is required." not in html and "هذا الحقل مطلوب." not in html
    nothing_stored(0)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_unchanged_form_is_accepted_also_when_its_dates_changed(client, evaluation, people, lang):
    user, registration = people["english"]
    client.force_login(user)
    page = client.get(url(registration, lang)).content.decode()
    evaluation.closes_at = timezone.now() + dt.timedelta(days=60)
    evaluation.save()  # what the organisers' set-up does when they only move the closing day

    data = {**valid_answers(evaluation.questions.all()), KEY_FIELD: shown_key(page)}
    sent = client.post(url(registration, lang), data)

    assert sent.status_code == 302
    assert EvaluationResponse.objects.count() == 1
    assert EvaluationReceipt.objects.get(registration=registration).answered_at is not None


def _other_forms_key(evaluation):
    other = EvaluationForm.objects.create(event=ended_event())
    return key_of(other) if add_questions(other) else ""


TAMPERED = {
    "missing": lambda evaluation: None,
    "empty": lambda evaluation: "",
    "garbage": lambda evaluation: "not-a-key",
    "altered": lambda evaluation: key_of(evaluation)[:-3] + "abc",
    "signed for something else": lambda evaluation: signing.Signer(salt="registrations.form").sign_object(
        {"form": evaluation.pk, "questions": []}
    ),
    "not a list of questions": lambda evaluation: signing.Signer(salt=KEY_SALT).sign_object(
        {"form": evaluation.pk, "questions": 7}
    ),
    "not a dict": lambda evaluation: signing.Signer(salt=KEY_SALT).sign_object([1, 2]),
    "another form's": _other_forms_key,
}


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("tampering", TAMPERED)
def test_a_missing_or_altered_key_stores_nothing_and_shows_the_form_again(client, evaluation, people, lang, tampering):
    user, registration = people["arabic"]
    client.force_login(user)
    data = valid_answers(evaluation.questions.all())
    key = TAMPERED[tampering](evaluation)
    if key is None:
        data.pop(KEY_FIELD)
    else:
        data[KEY_FIELD] = key

    refused = client.post(url(registration, lang), data)

    assert refused.status_code == 400
    html = refused.content.decode()
    assert CHANGED[lang] in html
    assert shown_key(html) == key_of(evaluation)
    # Nothing says which questions were shown: no answer is kept, none is marked as changed.
    assert not checked(html, "q_how_useful_was_the_training", "4")
    assert TYPED not in html and NEW_OR_CHANGED[lang] not in html
    nothing_stored(0)


def test_the_service_refuses_a_stale_key_and_names_the_unchanged_questions(evaluation, people):
    registration = people["english"][1]
    stale = key_of(evaluation)
    change_a_type(evaluation)
    with pytest.raises(EvaluationError) as refused:
        answer(evaluation, registration, {"how_useful_was_the_training": "5"}, "en", key=stale)
    assert refused.value.code == "form_changed"
    assert refused.value.status == 409
    assert refused.value.unchanged == {
        "how_useful_was_the_training",
        "which_part_helped_you_most",
        "would_you_recommend_it",
    }
    nothing_stored(0)
    answer(evaluation, registration, {"how_useful_was_the_training": "5"}, "en", key=key_of(evaluation))
    assert EvaluationResponse.objects.count() == 1


def test_an_answered_registration_hears_that_first(evaluation, people):
    registration = people["english"][1]
    stale = key_of(evaluation)
    answer(evaluation, registration, {"how_useful_was_the_training": "5"}, "en", key=stale)
    add_a_question(evaluation)
    with pytest.raises(EvaluationError) as refused:
        answer(evaluation, registration, {"how_useful_was_the_training": "1"}, "en", key=stale)
    assert refused.value.code == "already_answered"


@pytest.mark.parametrize(
    ("edit", "kept"),
    [
        ("moved", 4),  # every question as it was, in another order: all answers kept
        ("Arabic wording", 3),
        ("English wording", 3),
        ("help text", 3),
        ("now optional", 3),
    ],
)
def test_any_edit_of_what_the_participant_reads_or_may_answer_counts(evaluation, edit, kept):
    questions = list(evaluation.questions.all())
    stale = form_key(evaluation, questions)
    first = questions[0]
    if edit == "moved":
        first.sort_order = 99
    elif edit == "Arabic wording":
        first.label_ar = "ما مدى فائدة الورشة؟"
    elif edit == "English wording":
        first.label = "How useful was the workshop?"
    elif edit == "help text":
        first.help_text_ar = "من 1 إلى 5"
    else:
        first.required = False
    first.save()
    with pytest.raises(EvaluationError) as refused:
        check_unchanged(evaluation, list(evaluation.questions.all()), stale)
    assert refused.value.code == "form_changed"
    assert len(refused.value.unchanged) == kept
    assert (first.clean_name in refused.value.unchanged) is (edit == "moved")


def test_a_question_removed_and_added_again_under_the_same_name_is_another_question(evaluation):
    """Its answers are stored under the same name: only its id tells the two apart."""
    stale = key_of(evaluation)
    old = question(evaluation, "Would you recommend it?")
    old.delete()
    EvaluationQuestion.objects.create(
        form=evaluation,
        label="Would you recommend it?",
        label_ar="هل توصي به؟",
        field_type=EvaluationQuestionType.YES_NO,
        sort_order=old.sort_order,
    )
    with pytest.raises(EvaluationError) as refused:
        check_unchanged(evaluation, list(evaluation.questions.all()), stale)
    assert "would_you_recommend_it" not in refused.value.unchanged
