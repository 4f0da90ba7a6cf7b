"""Answering an evaluation: the form in the participant's language, built from the questions
by the registration form's builder (events/registrations/services/questions.py) with a rating
besides; and ``answer``, which stores the answers once per registration and apart from it."""

import django.forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm

from events.evaluation.errors import EvaluationError
from events.evaluation.models import EvaluationReceipt, EvaluationResponse
from events.registrations.models import Registration
from events.registrations.services.questions import AnswersMixin, QuestionFormBuilder

from .eligibility import check_may_answer

RATINGS = [
    ("1", _("1 — Very poor")),
    ("2", _("2 — Poor")),
    ("3", _("3 — Fair")),
    ("4", _("4 — Good")),
    ("5", _("5 — Excellent")),
]


class EvaluationFormBuilder(QuestionFormBuilder):
    """The registration form's builder, with a rating from 1 to 5."""

    def create_rating_field(self, field, options):
        return django.forms.ChoiceField(choices=RATINGS, widget=django.forms.RadioSelect, **options)


class EvaluationAnswersForm(AnswersMixin, BaseForm):
    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.answers():
            raise django.forms.ValidationError(_("Please answer at least one question."), code="empty")
        return cleaned


def evaluation_form(questions, data=None):
    """The form of ``questions`` in the active language, bound to ``data`` when given."""
    form_class = type("EvaluationAnswers", (EvaluationAnswersForm,), dict(EvaluationFormBuilder(questions).formfields))
    return form_class(data=data)


def receipt_for(registration, form):
    receipt, _created = EvaluationReceipt.objects.get_or_create(registration=registration, defaults={"form": form})
    return receipt


def answer(form, registration, answers, language, now=None):
    """Stores ``answers`` to ``form`` for ``registration``, once: the registration is locked,
    its receipt checked and marked, and the response written without any link to it, in one
    transaction. Refuses with an ``EvaluationError``: those of ``check_may_answer``, and
    ``already_answered``."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        check_may_answer(form, registration, now)
        receipt = receipt_for(registration, form)
        if receipt.answered_at is not None:
            raise EvaluationError(_("You have already evaluated this event. Thank you!"), "already_answered")
        receipt.answered_at = now
        receipt.save(update_fields=["answered_at"])
        return EvaluationResponse.objects.create(
            form=form, answers=answers, language=language, submitted_on=timezone.localdate(now)
        )


def has_answered(registration):
    return EvaluationReceipt.objects.filter(registration=registration, answered_at__isnull=False).exists()
