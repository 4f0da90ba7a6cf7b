"""The results staff read: figures per question, the workbook, the event report's figures, who
may see them, and a page whose queries do not grow with the responses."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from events.evaluation.models import EvaluationResponse
from events.evaluation.services.answering import answer
from events.evaluation.services.results import results
from tests.events.reporting.conftest import reporter_of
from tests.factories.accounts import admin_in
from tests.factories.attendance import desk_staff
from tests.factories.registrations import RegistrationFactory, organiser

from .conftest import attend, ended_event, key_of

pytestmark = pytest.mark.django_db

ANSWERS = [
    {
        "how_useful_was_the_training": "5",
        "which_part_helped_you_most": "Group work",
        "would_you_recommend_it": "yes",
        "what_should_we_change": "Longer breaks",
    },
    {"how_useful_was_the_training": "4", "would_you_recommend_it": "yes"},
    {"how_useful_was_the_training": "2", "which_part_helped_you_most": "Sessions", "would_you_recommend_it": "no"},
]


def answered_by(evaluation, count):
    """``count`` participants who attended and answered, in turn, ``ANSWERS``."""
    key = key_of(evaluation)
    for number in range(count):
        registration = RegistrationFactory(event=evaluation.event)
        attend(registration)
        answer(evaluation, registration, ANSWERS[number % len(ANSWERS)], "ar" if number % 2 else "en", key=key)


def results_url(event):
    return f"/admin/evaluation/{event.pk}/"


def test_results_count_ratings_choices_yes_no_and_list_the_text(evaluation, people):
    answered_by(evaluation, 3)
    with translation.override("en"):
        found = results(evaluation)
    assert (found.responses, found.eligible, found.rate) == (3, 5, 60)
    rating, choice, yes_no, text = found.questions
    assert rating.average == pytest.approx(3.7)
    assert [(row.label, row.count) for row in rating.breakdown.rows] == [
        ("1 — Very poor", 0),
        ("2 — Poor", 1),
        ("3 — Fair", 0),
        ("4 — Good", 1),
        ("5 — Excellent", 1),
    ]
    assert [(row.label, row.count) for row in choice.breakdown.rows] == [("Sessions", 1), ("Group work", 1)]
    assert choice.answered == 2
    assert [(row.label, row.count, row.percent) for row in yes_no.breakdown.rows] == [("Yes", 2, 67), ("No", 1, 33)]
    assert text.texts == ["Longer breaks"]


def test_the_results_page_shows_figures_and_never_who_answered(client, evaluation, people, event_organiser):
    for key in ("arabic", "english"):
        answer(evaluation, people[key][1], ANSWERS[0], "en", key=key_of(evaluation))
    client.force_login(event_organiser)
    text = client.get(results_url(evaluation.event)).content.decode()
    assert "Average: 5.0 out of 5" in text
    assert "Longer breaks" in text
    assert "Invite the participants" in text
    for _user, registration in people.values():
        person = registration.person
        assert person.name not in text
        assert person.name_ar not in text
        assert person.email not in text
        assert registration.reference not in text


def test_the_arabic_results_page_is_in_arabic(client, evaluation, people, event_organiser):
    answer(evaluation, people["arabic"][1], ANSWERS[0], "ar", key=key_of(evaluation))
    client.force_login(admin_in(event_organiser, "ar"))
    text = client.get(results_url(evaluation.event)).content.decode()
    assert "ما مدى فائدة التدريب؟" in text
    assert "العمل الجماعي" in text


def test_the_workbook_has_a_row_per_response_in_the_admins_language(client, evaluation, people, event_organiser):
    answered_by(evaluation, 3)
    client.force_login(event_organiser)
    response = client.get(f"/admin/evaluation/{evaluation.event.pk}/responses.xlsx")
    assert response["Content-Disposition"].startswith('attachment; filename="evaluation-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1:] == (
        "Language",
        "How useful was the training?",
        "Which part helped you most?",
        "Would you recommend it?",
        "What should we change?",
    )
    assert {row[1:] for row in rows[1:]} == {
        ("en", 5, "Group work", "Yes", "Longer breaks"),
        ("ar", 4, None, "Yes", None),
        ("en", 2, "Sessions", "No", None),
    }


def test_the_event_report_shows_the_evaluations_figures(client, evaluation, people, event_organiser):
    answered_by(evaluation, 3)
    client.force_login(event_organiser)
    text = client.get(f"/admin/reports/{evaluation.event.pk}/").content.decode()
    assert "Evaluation responses</dt><dd>3</dd>" in text
    assert "Evaluation response rate (%)</dt><dd>60</dd>" in text
    assert "Average rating out of 5: How useful was the training?</dt><dd>3.7</dd>" in text


def test_an_event_without_evaluation_has_no_such_figures(client, event, event_organiser):
    client.force_login(event_organiser)
    text = client.get(f"/admin/reports/{event.pk}/").content.decode()
    assert "Evaluation responses" not in text


def test_reporters_read_the_results_and_only_organisers_edit_or_invite(client, evaluation, people):
    event = evaluation.event
    reporter = admin_in(reporter_of(event), "en")
    client.force_login(reporter)
    page = client.get(results_url(event))
    assert page.status_code == 200
    assert "How useful was the training?" in page.content.decode()
    assert "Invite the participants" not in page.content.decode()
    assert client.get(f"/admin/evaluation/{event.pk}/responses.xlsx").status_code == 200
    assert client.get(f"/admin/evaluation/{event.pk}/setup/", follow=True).status_code == 404
    assert client.post(f"/admin/evaluation/{event.pk}/invite/", follow=True).status_code == 404


@pytest.mark.parametrize("who", ["desk", "other_organiser", "participant"])
def test_others_find_nothing(client, evaluation, people, who):
    event = evaluation.event
    user = {
        "desk": lambda: desk_staff(event, is_staff=True),
        "other_organiser": lambda: organiser(edit_pages_under=ended_event()),
        "participant": lambda: people["english"][0],
    }[who]()
    client.force_login(user)
    for address in ("", "setup/", "responses.xlsx"):
        response = client.get(f"/admin/evaluation/{event.pk}/{address}", follow=True)
        # Staff of another event or another role: not found; a participant: sent to sign in.
        assert response.status_code == 404 or "/login/" in response.redirect_chain[-1][0]
        assert b"How useful" not in response.content


def test_organisers_set_up_the_form_in_both_languages(client, event, event_organiser):
    client.force_login(event_organiser)
    data = {
        "opens_at": "",
        "closes_at": "",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "1",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-label": "How useful was it?",
        "questions-0-label_ar": "ما مدى فائدته؟",
        "questions-0-field_type": "rating",
        "questions-0-required": "on",
        "questions-0-ORDER": "1",
    }
    response = client.post(f"/admin/evaluation/{event.pk}/setup/", data)
    assert response.status_code == 302
    form = event.evaluation_form
    assert [(q.label_ar, q.field_type, q.clean_name) for q in form.questions.all()] == [
        ("ما مدى فائدته؟", "rating", "how_useful_was_it")
    ]
    assert form.effective_opens_at == event.end


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_results_page_costs_the_same_queries_for_3_and_30_responses(client, evaluation, event_organiser):
    client.force_login(event_organiser)
    answered_by(evaluation, 3)
    few = count_queries(client, results_url(evaluation.event))
    answered_by(evaluation, 27)
    assert EvaluationResponse.objects.count() == 30
    assert count_queries(client, results_url(evaluation.event)) == few
