"""Evaluation questions asked only on an earlier answer ("What should we change?" only when
"Would you recommend it?" is No), as registration questions are: set up in the admin and
checked there, shown and required only when asked, an answer to a question not asked never
stored, a changed condition refusing a form opened before it, and a copied event's conditions
on its own questions."""

import pytest

from events.evaluation.models import EvaluationForm, EvaluationQuestionType, EvaluationResponse
from events.evaluation.services.copying import copy_evaluation_set_up
from tests.factories.registrations import event_page

from .conftest import change_only_if_not_recommended, key_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def conditional(evaluation):
    """ "What should we change?" asked only of those who would not recommend the training."""
    recommend, change = change_only_if_not_recommended(evaluation.questions.all())
    change.required = True
    change.save()
    return recommend, change


def url(registration, lang="en"):
    return f"/{lang}/my/events/{registration.reference}/evaluation/"


def answers(evaluation, **given):
    return {"q_how_useful_was_the_training": "3", "form_key": key_of(evaluation), **given}


class TestAnswering:
    def test_the_question_shows_for_its_answer_and_says_so_without_the_script(
        self, client, evaluation, conditional, people
    ):
        user, registration = people["english"]
        client.force_login(user)
        html = client.get(url(registration)).content.decode()
        assert 'data-ask-if-field="q_would_you_recommend_it" data-ask-if-value="no"' in html
        assert "Only if you answered “No” to “Would you recommend it?”." in html
        assert "registrations/conditions.js" in html
        arabic = client.get(url(registration, "ar")).content.decode()
        assert "فقط إذا كانت إجابتك «لا» عن «هل توصي به؟»." in arabic

    def test_asked_it_must_be_answered_and_is_stored(self, client, evaluation, conditional, people):
        user, registration = people["english"]
        client.force_login(user)
        refused = client.post(url(registration), answers(evaluation, q_would_you_recommend_it="no"))
        assert refused.status_code == 400 and "This field is required." in refused.content.decode()
        assert not EvaluationResponse.objects.exists()
        client.post(
            url(registration),
            answers(evaluation, q_would_you_recommend_it="no", q_what_should_we_change="Shorter days."),
        )
        assert EvaluationResponse.objects.get().answers["what_should_we_change"] == "Shorter days."

    def test_not_asked_its_answer_is_dropped(self, client, evaluation, conditional, people):
        user, registration = people["arabic"]
        client.force_login(user)
        client.post(
            url(registration, "ar"),
            answers(evaluation, q_would_you_recommend_it="yes", q_what_should_we_change="Sent anyway"),
        )
        assert EvaluationResponse.objects.get().answers == {
            "how_useful_was_the_training": "3",
            "would_you_recommend_it": "yes",
        }

    def test_a_condition_set_while_answering_refuses_the_form_opened_before(self, client, evaluation, people):
        user, registration = people["english"]
        client.force_login(user)
        opened = answers(evaluation, q_would_you_recommend_it="yes", q_what_should_we_change="Nothing")
        change_only_if_not_recommended(evaluation.questions.all())
        response = client.post(url(registration), opened)
        assert "The organisers changed this evaluation while you were answering." in response.content.decode()
        assert not EvaluationResponse.objects.exists()


def setup_data(rows):
    """The set-up page's form with ``rows`` (dicts of a question's fields), none saved yet."""
    data = {
        "opens_at": "",
        "closes_at": "",
        "questions-TOTAL_FORMS": str(len(rows)),
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "1",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"questions-{index}-{name}": value for name, value in row.items()})
        data[f"questions-{index}-ORDER"] = str(index + 1)
    return data


class TestSettingUp:
    def test_the_organiser_sets_a_condition_on_an_earlier_question(self, client, evaluation, event_organiser):
        client.force_login(event_organiser)
        setup = f"/admin/evaluation/{evaluation.event_id}/setup/"
        page = client.get(setup).content.decode()
        assert "Ask only if" in page and "Would you recommend it?" in page
        questions = list(evaluation.questions.order_by("sort_order"))
        data = {
            "opens_at": "",
            "closes_at": "",
            "questions-TOTAL_FORMS": str(len(questions)),
            "questions-INITIAL_FORMS": str(len(questions)),
            "questions-MIN_NUM_FORMS": "1",
            "questions-MAX_NUM_FORMS": "1000",
        }
        for index, question in enumerate(questions):
            for name in ("label", "label_ar", "field_type", "choices", "choices_ar", "help_text", "help_text_ar"):
                data[f"questions-{index}-{name}"] = getattr(question, name)
            data[f"questions-{index}-id"] = str(question.pk)
            data[f"questions-{index}-ORDER"] = str(index + 1)
            if question.required:
                data[f"questions-{index}-required"] = "on"
        data["questions-3-condition_question"] = str(questions[2].pk)
        data["questions-3-condition_value"] = "لا"  # typed in Arabic, stored as the answer is
        response = client.post(setup, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        changed = evaluation.questions.get(pk=questions[3].pk)
        assert changed.condition() == (questions[2].pk, "no")

        data["questions-3-condition_question"] = str(questions[3].pk)  # itself: refused
        refused = client.post(setup, data)
        assert refused.status_code == 400
        assert "A question cannot depend on itself." in refused.content.decode()
        assert evaluation.questions.get(pk=questions[3].pk).condition() == (questions[2].pk, "no")
        data["questions-3-condition_question"] = str(questions[2].pk)
        data["questions-3-condition_value"] = "Maybe"  # not one of its answers
        refused = client.post(setup, data)
        assert refused.status_code == 400
        text = refused.content.decode().replace("\u2068", "").replace("\u2069", "")  # the answers' isolates
        assert "“Maybe” is not one of its answers: “Yes”, “No”." in text
        assert evaluation.questions.get(pk=questions[3].pk).condition_value == "no"

    def test_another_events_question_is_not_offered(self, client, evaluation, event_organiser):
        other = EvaluationForm.objects.create(event=event_page())
        foreign = other.questions.create(label="Elsewhere?", field_type=EvaluationQuestionType.YES_NO, sort_order=0)
        client.force_login(event_organiser)
        page = client.get(f"/admin/evaluation/{evaluation.event_id}/setup/").content.decode()
        assert f'<option value="{foreign.pk}"' not in page
        assert "Elsewhere?" not in page


def test_a_copied_events_conditions_are_on_its_own_questions(evaluation, conditional):
    recommend, change = conditional
    copy = event_page()
    assert copy_evaluation_set_up(evaluation.event_id, copy) == 4
    copied = {question.clean_name: question for question in EvaluationForm.objects.get(event=copy).questions.all()}
    copied_change = copied[change.clean_name]
    assert copied_change.condition() == (copied[recommend.clean_name].pk, "no")
    assert copied_change.condition_question.form.event_id == copy.pk
