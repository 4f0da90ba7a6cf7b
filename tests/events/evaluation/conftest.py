"""An event that ended yesterday, with an evaluation form of one question of each kind and
participants in both languages: two who attended, one confirmed who did not come, one whose
registration was cancelled."""

import datetime as dt

import pytest
from django.utils import timezone

from events.attendance.models import Attendance, Method
from events.attendance.slots import slots_for
from events.evaluation.models import EvaluationForm, EvaluationQuestion, EvaluationQuestionType
from events.evaluation.services.answering import KEY_FIELD, form_key
from events.registrations.models import RegistrationStatus
from tests.factories.attendance import plan
from tests.factories.registrations import RegistrationFactory, SettingsFactory, event_page, organiser, participant

QUESTIONS = [
    ("How useful was the training?", "ما مدى فائدة التدريب؟", EvaluationQuestionType.RATING, "", "", True),
    (
        "Which part helped you most?",
        "أيّ جزء أفادك أكثر؟",
        EvaluationQuestionType.SINGLE_CHOICE,
        "Sessions\nGroup work",
        "الجلسات\nالعمل الجماعي",
        False,
    ),
    ("Would you recommend it?", "هل توصي به؟", EvaluationQuestionType.YES_NO, "", "", False),
    ("What should we change?", "ما الذي ينبغي أن نغيّره؟", EvaluationQuestionType.LONG_TEXT, "", "", False),
]


def add_questions(form):
    return [
        EvaluationQuestion.objects.create(
            form=form,
            label=label,
            label_ar=label_ar,
            field_type=kind,
            choices=choices,
            choices_ar=choices_ar,
            required=required,
            sort_order=order,
        )
        for order, (label, label_ar, kind, choices, choices_ar, required) in enumerate(QUESTIONS)
    ]


def change_only_if_not_recommended(questions):
    """Asks "What should we change?" (of ``questions``, those of ``add_questions``) only when
    "Would you recommend it?" is answered No; returns both."""
    by_kind = {question.field_type: question for question in questions}
    recommend, change = by_kind[EvaluationQuestionType.YES_NO], by_kind[EvaluationQuestionType.LONG_TEXT]
    change.condition_question, change.condition_value = recommend, "no"
    change.save()
    return recommend, change


def ended_event(**fields):
    start = (timezone.now() - dt.timedelta(days=1)).replace(hour=6, minute=0, second=0, microsecond=0)
    page = event_page(start=start, end=start + dt.timedelta(hours=8), **fields)
    SettingsFactory(event=page, capacity=50)
    return page


def attend(registration):
    slot = slots_for(registration.event)[0]
    Attendance.objects.create(
        registration=registration, event=registration.event, slot=slot.key, at=slot.start, method=Method.SCAN
    )


@pytest.fixture
def event(demo_site):
    page = ended_event()
    plan(page)
    return page


@pytest.fixture
def evaluation(event):
    form = EvaluationForm.objects.create(event=event)
    add_questions(form)
    return form


@pytest.fixture
def people(event):
    """``{"arabic": (user, registration), "english": …, "absent": …, "cancelled": …}``."""
    made = {}
    for key, language, status, came in [
        ("arabic", "ar", RegistrationStatus.CONFIRMED, True),
        ("english", "en", RegistrationStatus.CONFIRMED, True),
        ("absent", "ar", RegistrationStatus.CONFIRMED, False),
        ("cancelled", "ar", RegistrationStatus.CANCELLED, True),
    ]:
        user, person = participant(name=f"Person {key}", name_ar=f"المشارك {key}")
        registration = RegistrationFactory(event=event, person=person, status=status, language=language)
        if came:
            attend(registration)
        made[key] = (user, registration)
    return made


@pytest.fixture
def event_organiser(event):
    """An organiser of the event whose admin speaks English."""
    from tests.factories.accounts import admin_in

    return admin_in(organiser(edit_pages_under=event.get_parent()), "en")


def key_of(form):
    """The key of ``form``'s questions as they are now: the page's hidden field."""
    return form_key(form, list(form.questions.all()))


def valid_answers(questions, rating="4"):
    """A filled-in form of ``questions`` (all of one form's, as they are now), with its key."""
    questions = list(questions)
    by_kind = {question.field_type: f"q_{question.clean_name}" for question in questions}
    return {
        by_kind[EvaluationQuestionType.RATING]: rating,
        by_kind[EvaluationQuestionType.SINGLE_CHOICE]: "Group work",
        by_kind[EvaluationQuestionType.YES_NO]: "yes",
        by_kind[EvaluationQuestionType.LONG_TEXT]: "More time for the group work.",
        KEY_FIELD: form_key(questions[0].form, questions),
    }
