"""An evaluation's results as staff read them, in the active language: how many answered of
those who may, and per question the ratings' average and spread, the choices' and yes/no
counts, and what was typed, listed without any order that follows the people. The workbook of
every response, and the key figures the event report shows.

Counts come from the responses in one query, whatever their number."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from events.evaluation.models import FREE_TEXT_TYPES, EvaluationQuestionType, EvaluationResponse
from events.registrations.services.questions import YES_NO, readable_answers
from events.reporting.services.event_report import Breakdown, Row

from .answering import RATINGS
from .eligibility import eligible_registrations, form_for


@dataclass
class QuestionResult:
    question: object
    answered: int = 0
    average: float | None = None
    breakdown: Breakdown | None = None  # ratings, choices, yes or no
    texts: list = field(default_factory=list)  # what was typed

    @property
    def is_rating(self):
        return self.question.field_type == EvaluationQuestionType.RATING


@dataclass
class Results:
    form: object
    responses: int
    eligible: int
    questions: list

    @property
    def rate(self):
        """The response rate in whole percent of those who may answer."""
        return round(100 * self.responses / self.eligible) if self.eligible else 0

    @property
    def ratings(self):
        return [result for result in self.questions if result.is_rating]


def _percent(count, total):
    return round(100 * count / total) if total else 0


def _breakdown(question, pairs, values, answered):
    counts = dict.fromkeys((value for value, _label in pairs), 0)
    for value in values:
        if value in counts:
            counts[value] += 1
    rows = [Row(str(label), counts[value], _percent(counts[value], answered)) for value, label in pairs]
    return Breakdown(question.clean_name, question.display_label, rows)


def question_result(question, answers):
    """The result of ``question`` over ``answers`` (a list of the responses' answer dicts)."""
    given = [entry[question.clean_name] for entry in answers if entry.get(question.clean_name) not in (None, "", [])]
    result = QuestionResult(question, answered=len(given))
    kind = question.field_type
    if kind == EvaluationQuestionType.RATING:
        numbers = [int(value) for value in given if str(value).isdigit()]
        result.average = round(sum(numbers) / len(numbers), 1) if numbers else None
        result.breakdown = _breakdown(question, RATINGS, [str(value) for value in given], len(given))
    elif kind == EvaluationQuestionType.YES_NO:
        result.breakdown = _breakdown(question, YES_NO, given, len(given))
    elif kind in (EvaluationQuestionType.SINGLE_CHOICE, EvaluationQuestionType.MULTIPLE_CHOICE):
        chosen = [item for value in given for item in (value if isinstance(value, list) else [value])]
        result.breakdown = _breakdown(question, question.choice_pairs(), chosen, len(given))
    elif kind in FREE_TEXT_TYPES:
        result.texts = sorted(str(value) for value in given)
    return result


def results(form):
    """The ``Results`` of ``form`` (an ``EvaluationForm``), in four queries: the questions, the
    responses, and the eligible registrations (two, with the attendance check)."""
    questions = list(form.questions.all())
    answers = list(EvaluationResponse.objects.filter(form=form).values_list("answers", flat=True))
    eligible = eligible_registrations(form.event).count()
    return Results(form, len(answers), eligible, [question_result(question, answers) for question in questions])


def response_sheets(form):
    """``[(title, headers, rows)]``: one sheet with a row per response (the day, the language,
    then each answer as people read it), in the active language. The free text is sorted with the
    rest by day only, in the responses' random order within it."""
    questions = list(form.questions.all())
    rows = []
    for response in EvaluationResponse.objects.filter(form=form).order_by("submitted_on", "id"):
        readable = dict(readable_answers(questions, response.answers))
        rows.append(
            [
                response.submitted_on,
                response.language,
                *(_rating(question, response) or readable.get(question.display_label, "") for question in questions),
            ]
        )
    headers = [_("Answered on"), _("Language"), *(question.display_label for question in questions)]
    return [(_("Responses"), headers, rows)]


def _rating(question, response):
    """A rating as its number (a spreadsheet adds them up), ``None`` for any other answer."""
    value = response.answers.get(question.clean_name)
    if question.field_type == EvaluationQuestionType.RATING and str(value).isdigit():
        return int(value)
    return None


def report_figures(event):
    """The evaluation's key figures for the event report: ``[(label, value)]`` in the active
    language, or ``[]`` when the event has no evaluation."""
    form = form_for(event)
    if form is None:
        return []
    found = results(form)
    figures = [
        (_("Evaluation responses"), found.responses),
        (_("Evaluation response rate (%)"), found.rate),
    ]
    for result in found.ratings:
        label = _("Average rating out of 5: %(question)s") % {"question": result.question.display_label}
        figures.append((label, "—" if result.average is None else result.average))
    return figures
