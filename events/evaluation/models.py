"""An event's evaluation form and what came of it.

The form (``EvaluationForm``) belongs to the canonical event page, like its registration
settings, with questions in English and Arabic (``EvaluationQuestion``, the registration
questions' model with a rating type besides).

Answers are anonymous. A ``EvaluationResponse`` holds the answers, the language they were given
in and the day, and nothing that leads to the person: no registration, no user, no time of day,
and a random key rather than a counting id (which would give the order of answering). A
``EvaluationReceipt`` records, for each registration, that it was invited and that it answered
and when: what stops a second answer and a second invitation. Nothing joins a receipt to a
response."""

import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from core.cluster import ClusterableModel
from events.registrations.models.settings import BilingualQuestion, ConditionalQuestion, window_state

# How long the form stays open when the organisers set no closing time.
DEFAULT_OPEN_DAYS = 30


class EvaluationForm(ClusterableModel):
    event = models.OneToOneField(
        "events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="evaluation_form"
    )
    opens_at = models.DateTimeField(
        _("evaluation opens"), null=True, blank=True, help_text=_("Leave empty to open it when the event ends.")
    )
    closes_at = models.DateTimeField(
        _("evaluation closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to close it 30 days after it opens."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        MultiFieldPanel([FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])], heading=_("When")),
        InlinePanel("questions", heading=_("Questions"), label=_("Question"), min_num=1),
    ]

    class Meta:
        verbose_name = _("evaluation form")
        verbose_name_plural = _("evaluation forms")

    def __str__(self):
        return str(self.event.title) if self.event_id else str(_("evaluation form"))

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The evaluation must close after it opens.")})

    @property
    def effective_opens_at(self):
        return self.opens_at or self.event.end

    @property
    def effective_closes_at(self):
        return self.closes_at or self.effective_opens_at + timedelta(days=DEFAULT_OPEN_DAYS)

    def window_state(self, now=None):
        """``"not_yet_open"``, ``"open"`` or ``"closed"`` at ``now``."""
        return window_state(self.effective_opens_at, self.effective_closes_at, now)


class EvaluationQuestionType(models.TextChoices):
    RATING = "rating", _("Rating from 1 to 5")
    SINGLE_CHOICE = "radio", _("Single choice")
    MULTIPLE_CHOICE = "checkboxes", _("Multiple choice")
    YES_NO = "yesno", _("Yes or no")
    SHORT_TEXT = "singleline", _("Short text")
    LONG_TEXT = "multiline", _("Long text")


FREE_TEXT_TYPES = {EvaluationQuestionType.SHORT_TEXT, EvaluationQuestionType.LONG_TEXT}


class EvaluationQuestion(ConditionalQuestion, BilingualQuestion):
    """One question of an event's evaluation form, asked of everyone or only on an earlier
    answer, as a registration question is."""

    parent_field = "form"

    form = ParentalKey(EvaluationForm, on_delete=models.CASCADE, related_name="questions")
    field_type = models.CharField(_("question type"), max_length=16, choices=EvaluationQuestionType.choices)

    panels = [*BilingualQuestion.panels, *ConditionalQuestion.condition_panels]

    class Meta(BilingualQuestion.Meta):
        verbose_name = _("evaluation question")
        verbose_name_plural = _("evaluation questions")


class EvaluationResponse(models.Model):
    """One participant's answers, without anything that names them (see the module's text)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    form = models.ForeignKey(EvaluationForm, on_delete=models.CASCADE, related_name="responses")
    answers = models.JSONField(_("answers"), default=dict)
    language = models.CharField(_("language"), max_length=8)
    submitted_on = models.DateField(_("answered on"))

    class Meta:
        verbose_name = _("evaluation response")
        verbose_name_plural = _("evaluation responses")
        ordering = ["submitted_on", "id"]

    def __str__(self):
        return f"{self.form_id} {self.submitted_on}"


class EvaluationReceipt(models.Model):
    """That a registration was invited to evaluate its event, and that it answered: never what."""

    registration = models.OneToOneField(
        "registrations.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="evaluation_receipt",
    )
    form = models.ForeignKey(EvaluationForm, on_delete=models.CASCADE, related_name="receipts")
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation receipt")
        verbose_name_plural = _("evaluation receipts")

    def __str__(self):
        return str(self.registration_id)
