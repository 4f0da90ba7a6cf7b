"""Questions asked only when an earlier answer calls for them ("Which organisation?" only when
"Do you attend for an organisation?" is Yes).

A question's condition names an earlier question of the same form (an event's registration
form, or its evaluation) with fixed answers (yes or no, single or multiple choice) and one of
its answers, stored as the answers are: a choice under its English wording, yes or no as
``"yes"``/``"no"``. A question whose condition does not hold is not asked: its answer is
dropped, never stored or shown, and "required" does not apply.
A question that depends on a question not asked is not asked either.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.text import join, pick, quoted
from events.registrations.models.settings import FIXED_ANSWER_TYPES, YES_NO, QuestionType, split_choices


def isolated(text):
    """``text`` set apart from the direction of the sentence around it (Unicode isolates)."""
    return f"\u2068{text}\u2069"


def answer_matches(given, value):
    """Whether the answer ``given`` (a list for a multiple choice) is, or includes, ``value``."""
    if isinstance(given, list):
        return value in given
    return given == value


def unasked(questions, answers):
    """The names of ``questions`` (in their order) not asked with ``answers``: their condition
    does not hold, or they depend on a question not asked."""
    by_id = {question.pk: question for question in questions}
    hidden = set()
    for question in questions:
        condition = question.condition()
        if condition is None or condition[0] not in by_id:
            continue
        depended, value = by_id[condition[0]], condition[1]
        if depended.clean_name in hidden or not answer_matches(answers.get(depended.clean_name), value):
            hidden.add(question.clean_name)
    return hidden


def asked_answers(questions, answers):
    """``answers`` without those to questions not asked."""
    hidden = unasked(questions, answers or {})
    return {name: value for name, value in (answers or {}).items() if name not in hidden}


def fixed_answers(field_type, choices, choices_ar):
    """``{stored value: (English wording, Arabic wording)}`` of a question with fixed answers."""
    if field_type == QuestionType.YES_NO:
        return {value: (_worded(label, "en"), _worded(label, "ar")) for value, label in YES_NO}
    english, arabic = split_choices(choices), split_choices(choices_ar)
    if len(arabic) != len(english):
        arabic = english
    return {value: (value, translated) for value, translated in zip(english, arabic, strict=True)}


def _worded(label, language):
    with translation.override(language):
        return str(label)


def stored_answer(field_type, choices, choices_ar, typed):
    """The stored value of the answer an organiser typed (its stored value or its wording in
    either language, whatever the case), or ``None``."""
    wanted = (typed or "").strip().casefold()
    for value, words in fixed_answers(field_type, choices, choices_ar).items():
        if wanted in {value.casefold(), *(word.casefold() for word in words)}:
            return value
    return None


@dataclass
class Row:
    """One question on a set-up page's form (registration settings, evaluation), as the
    organiser left it."""

    key: object  # the saved question's id, or None for one added now
    order: int
    field_type: str
    choices: str
    choices_ar: str
    removed: bool
    condition: object  # the id of the question chosen, or None
    value: str


def condition_errors(rows):
    """Why the conditions of ``rows`` (a set-up form's questions) cannot be saved:
    ``{index of the row: {field name: message}}``, and the stored value of each valid answer
    typed: ``{index: value}``."""
    errors, values = {}, {}
    by_key = {row.key: row for row in rows if row.key is not None}
    for index, row in enumerate(rows):
        if row.removed:
            continue
        error, value = _row_condition(row, by_key)
        if error:
            errors[index] = error
        elif value is not None:
            values[index] = value
    return errors, values


def _row_condition(row, by_key):
    """``({field name: message}, None)`` for a condition refused, ``({}, stored value)`` for
    one accepted, ``({}, None)`` without one."""
    if row.condition is None:
        if row.value.strip():
            return {"condition_question": _("Choose the question this answer belongs to.")}, None
        return {}, None
    message = _question_refusal(row, by_key.get(row.condition))
    if message:
        return {"condition_question": message}, None
    depended = by_key[row.condition]
    if not row.value.strip():
        return {"condition_value": _("Give the answer that makes this question asked.")}, None
    stored = stored_answer(depended.field_type, depended.choices, depended.choices_ar, row.value)
    if stored is None:
        answers = fixed_answers(depended.field_type, depended.choices, depended.choices_ar).values()
        # The answers in the admin's language; each isolated, so that a Latin answer in an
        # Arabic sentence (or the reverse) keeps its place.
        message = _("%(value)s is not one of its answers: %(answers)s.") % {
            "value": quoted(isolated(row.value.strip())),
            "answers": join([isolated(pick(arabic, english)) for english, arabic in answers], quote=True),
        }
        return {"condition_value": message}, None
    return {}, stored


def _question_refusal(row, depended):
    """Why ``row`` may not depend on the row ``depended`` (``None``: not among them), or ``None``."""
    if row.condition == row.key:
        return _("A question cannot depend on itself.")
    if depended is None:
        return _("Choose a question of this event.")
    if depended.removed:
        return _("The question this one depends on is being removed: choose another or none.")
    if depended.field_type not in FIXED_ANSWER_TYPES:
        return _("Choose a question with fixed answers: yes or no, single choice or multiple choice.")
    if depended.order >= row.order:
        return _("Choose a question asked before this one.")
    return None
