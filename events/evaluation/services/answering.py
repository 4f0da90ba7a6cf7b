"""Answering an evaluation: the form in the participant's language, built from the questions
by the registration form's builder (events/registrations/services/questions.py) with a rating
besides; and ``answer``, which stores the answers once per registration and apart from it.

The form carries a signed key naming the questions it was shown with, each by its id and a
digest of what the participant sees of it and what the form accepts (``form_key``). Organisers
may edit the questions while someone answers: the answers are stored only while the questions
are still the ones the key names (``check_unchanged``), or the participant would answer a new
question blind, or see an answer go to another question or nowhere. Otherwise the form comes
back as it is now, with the answers to the questions that did not change (``form_again``)."""

import hashlib

import django.forms
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm

from events.evaluation.errors import EvaluationError
from events.evaluation.models import EvaluationReceipt, EvaluationResponse
from events.registrations.models import Registration
from events.registrations.services.questions import PREFIX, AnswersMixin, QuestionFormBuilder

from .eligibility import check_may_answer

RATINGS = [
    ("1", _("1 — Very poor")),
    ("2", _("2 — Poor")),
    ("3", _("3 — Fair")),
    ("4", _("4 — Good")),
    ("5", _("5 — Excellent")),
]

KEY_FIELD = "form_key"
KEY_SALT = "evaluation.form"  # noqa: S105 - a signing namespace, not a secret
CHANGED = _("The organisers changed this evaluation while you were answering. Check your answers and send again.")


class EvaluationFormBuilder(QuestionFormBuilder):
    """The registration form's builder, with a rating from 1 to 5."""

    def create_rating_field(self, field, options):
        return django.forms.ChoiceField(choices=RATINGS, widget=django.forms.RadioSelect, **options)


class EvaluationAnswersForm(AnswersMixin, BaseForm):
    # Read by ``check_unchanged``, which refuses a missing or altered key in its own words.
    form_key = django.forms.CharField(widget=django.forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        self.check_conditions(cleaned)
        if not self.errors and not self.answers():
            raise django.forms.ValidationError(_("Please answer at least one question."), code="empty")
        return cleaned


def question_digest(question):
    """Changes whenever what the participant reads of ``question`` (its wording and help in
    either language, its choices, the answer it is asked on) or what the form accepts (its
    type, whether it needs an answer, the name the answer is stored under) changes."""
    parts = [
        question.clean_name,
        question.field_type,
        "required" if question.required else "optional",
        question.label,
        question.label_ar,
        question.help_text,
        question.help_text_ar,
        question.choices,
        question.choices_ar,
        f"if:{question.condition_question_id}={question.condition_value}" if question.condition_question_id else "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def _version(questions):
    return [[question.pk, question_digest(question)] for question in questions]


def form_key(form, questions):
    """The key the page sends with the answers: ``form`` and its ``questions`` in their order,
    each by id and digest, signed with the site's secret."""
    return signing.Signer(salt=KEY_SALT).sign_object({"form": form.pk, "questions": _version(questions)})


def check_unchanged(form, questions, key):
    """Refuses with an ``EvaluationError`` unless ``key`` names ``questions`` (``form``'s, as
    they are now) exactly as the participant was shown them: ``form_changed`` when a question
    was added, removed, moved or changed since, with the questions shown and unchanged in
    ``unchanged``; ``form_key`` when the key is missing, altered or another form's."""
    try:
        shown = signing.Signer(salt=KEY_SALT).unsign_object(key or "")
        seen = [(int(pk), str(digest)) for pk, digest in shown["questions"]]
        same_form = shown["form"] == form.pk
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        same_form = False
    if not same_form:
        raise EvaluationError(CHANGED, "form_key", unchanged=frozenset())
    current = [tuple(pair) for pair in _version(questions)]
    if seen != current:
        kept = frozenset(question.clean_name for question, pair in zip(questions, current, strict=True) if pair in seen)
        raise EvaluationError(CHANGED, "form_changed", unchanged=kept)


def evaluation_form(form, questions, data=None, initial=None):
    """The form of ``questions`` (``form``'s) in the active language with its key, bound to
    ``data`` when given."""
    fields = dict(EvaluationFormBuilder(questions).formfields)
    form_class = type("EvaluationAnswers", (EvaluationAnswersForm,), {**fields, "questions": list(questions)})
    return form_class(data=data, initial={**(initial or {}), KEY_FIELD: form_key(form, questions)})


def form_again(form, questions, data, refusal):
    """After ``check_unchanged`` refused ``data``: the form of ``questions`` as they are now,
    with a new key, unbound, and the answers ``data`` gave to the questions ``refusal`` names
    unchanged filled in where they are still valid. The others are empty, to be answered
    afresh."""
    checked = evaluation_form(form, questions, data=data)
    checked.is_valid()  # fills ``cleaned_data`` with the answers that pass their question
    kept = {
        name: value
        for name, value in checked.cleaned_data.items()
        if name.startswith(PREFIX) and name[len(PREFIX) :] in (refusal.unchanged or ())
    }
    return evaluation_form(form, questions, initial=kept)


def receipt_for(registration, form):
    receipt, _created = EvaluationReceipt.objects.get_or_create(registration=registration, defaults={"form": form})
    return receipt


def answer(form, registration, answers, language, *, key, now=None):
    """Stores ``answers`` to ``form`` for ``registration``, once, while ``key`` (the form's,
    as the participant was shown it) still names its questions: the registration is locked,
    its receipt checked and marked, the questions read and checked against the key, and the
    response written without any link to the registration, in one transaction. Refuses with an
    ``EvaluationError``: those of ``check_may_answer``, ``already_answered``, and those of
    ``check_unchanged``."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        check_may_answer(form, registration, now)
        receipt = receipt_for(registration, form)
        if receipt.answered_at is not None:
            raise EvaluationError(_("You have already evaluated this event. Thank you!"), "already_answered")
        check_unchanged(form, list(form.questions.all()), key)
        receipt.answered_at = now
        receipt.save(update_fields=["answered_at"])
        return EvaluationResponse.objects.create(
            form=form, answers=answers, language=language, submitted_on=timezone.localdate(now)
        )


def has_answered(registration):
    return EvaluationReceipt.objects.filter(registration=registration, answered_at__isnull=False).exists()
