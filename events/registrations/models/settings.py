"""How an event takes registrations: its window, capacity, waiting list, approval and questions.

Settings belong to the canonical (default-language) event page, so both language versions
of an event share one list of registrations. The settings row is also the lock that
serialises every change to an event's seats (see events/registrations/services/), and it
keeps the event's counter: how many registrations are confirmed, waitlisted and pending
(``COUNT_FIELDS``), changed by the services in the transaction of every change, so that the
lock's one query also gives the counts (services/counter.py).

``retention_days`` is how long after the event ends its personal data is kept; then the
answers to its questions, and the phones and gender of people nothing else still needs, are
erased by ``manage.py erase_expired_data`` (services/retention.py). New events keep them for
``DEFAULT_RETENTION_DAYS``: a year covers the reports funders ask for after an event and the
next edition's invitations, and the report's gender figures are kept as counts beyond it.
Events made before the setting existed keep everything until their organisers choose.
"""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.forms.models import AbstractFormField
from wagtail.contrib.forms.utils import get_field_clean_name

from core.cluster import ClusterableModel
from core.text import is_arabic, pick

DEFAULT_RETENTION_DAYS = 365
MAX_RETENTION_DAYS = 3650
RETENTION_ERRORS = {
    "invalid": _("Enter a whole number of days."),
    "min_value": _("The number of days cannot be negative."),
    "max_value": _(
        "Keep personal data for at most %(limit_value)s days (ten years), or leave the field empty to keep it."
    ),
}
# The event's counter. Empty until the event is first counted (under its lock); plain
# integers, so that a count that drifted (a registration written around the services)
# cannot make the event's registrations fail before the reconciliation corrects it.
COUNT_FIELDS = ("confirmed_count", "waitlisted_count", "pending_count")


class OrganiserEmails(models.TextChoices):
    """When the event's organisers are emailed about its registrations
    (services/organiser_emails.py)."""

    NEVER = "never", _("Never")
    PENDING = "pending", _("Requests waiting for approval")
    ALL = "all", _("Every registration and cancellation")


def window_state(opens_at, closes_at, now=None):
    """``"not_yet_open"``, ``"open"`` or ``"closed"`` at ``now`` (by default, now), for a window
    open from ``opens_at`` (``None``: open already) until ``closes_at``: the registration
    form's, and the evaluation form's after the event."""
    now = now or timezone.now()
    if opens_at and now < opens_at:
        return "not_yet_open"
    if now >= closes_at:
        return "closed"
    return "open"


NOTE_MAX = 2000  # characters of the note for confirmed participants, in each language


class RegistrationSettings(ClusterableModel):
    event = models.OneToOneField(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registration_settings",
    )
    opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Leave empty to open at once.")
    )
    closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Leave empty to close when the event starts.")
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Number of seats. Leave empty for no limit.")
    )
    waitlist_enabled = models.BooleanField(
        _("waiting list"), default=True, help_text=_("When the event is full, people can join a waiting list.")
    )
    approval_required = models.BooleanField(
        _("approval required"),
        default=False,
        help_text=_("Organisers approve or decline each registration before it is confirmed."),
    )
    invitation_only = models.BooleanField(
        _("by invitation only"),
        default=False,
        help_text=_(
            "Only people with an invitation from the organisers can register; the event page says so. "
            "Send the invitations from the event's registrations page."
        ),
    )
    participants_change_answers = models.BooleanField(
        _("participants may change their answers"),
        default=True,
        help_text=_(
            "Until the event starts, people registered can change their answers to the questions from their "
            "registration page. Organisers can always change them."
        ),
    )
    participants_give_places = models.BooleanField(
        _("participants may give their place to someone else"),
        default=False,
        help_text=_(
            "Until the event starts, people registered can give their seat, place on the waiting list or request "
            "for approval to a colleague from their registration page. The colleague accepts it in “My events”. "
            "Organisers can always do it."
        ),
    )
    notify_organisers = models.CharField(
        _("email the organisers"),
        max_length=8,
        choices=OrganiserEmails.choices,
        default=OrganiserEmails.NEVER,
        help_text=_(
            "Emails the people who manage this event's registrations, in the language of their admin: at most "
            "one email every 10 minutes for the event; when more happened in between, the next email says how "
            "many. The email names the person and links to the registration here; the answers and contact "
            "details stay in the admin."
        ),
    )
    confirmed_note = models.TextField(
        _("note for confirmed participants, in English"),
        max_length=NOTE_MAX,
        validators=[MaxLengthValidator(NOTE_MAX)],
        blank=True,
        help_text=_(
            "Practical details for the people with a seat: what to bring, the entrance, parking. Added to their "
            "confirmation and reminder emails and shown on their registration page. Plain text; line breaks are "
            "kept."
        ),
    )
    confirmed_note_ar = models.TextField(
        _("note for confirmed participants, in Arabic"),
        max_length=NOTE_MAX,
        validators=[MaxLengthValidator(NOTE_MAX)],
        blank=True,
        help_text=_("Each participant reads the note in their language, or in the other when only that is written."),
    )
    retention_days = models.PositiveIntegerField(
        _("days to keep personal data after the event"),
        null=True,
        blank=True,
        default=DEFAULT_RETENTION_DAYS,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_RETENTION_DAYS)],
        error_messages=RETENTION_ERRORS,
        help_text=_(
            "After this many days from the end of the event, the answers to its questions and the phone and "
            "gender of the people registered are erased, except for people another event still needs. "
            "Registrations, attendance and the report's figures stay. Leave empty to keep everything."
        ),
    )
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)
    # Counts taken just before the erasure, for the figures that would otherwise change (the
    # report's gender chart): see the ``registrations_figures_to_keep`` hook.
    kept_figures = models.JSONField(_("figures kept after erasing"), default=dict, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    confirmed_count = models.IntegerField(_("Confirmed"), null=True, blank=True, editable=False)
    waitlisted_count = models.IntegerField(_("On the waiting list"), null=True, blank=True, editable=False)
    pending_count = models.IntegerField(_("Pending approval"), null=True, blank=True, editable=False)

    panels = [
        PageChooserPanel("event", page_type="events.EventPage"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel(
                    [FieldPanel("capacity"), FieldPanel("waitlist_enabled"), FieldPanel("approval_required")]
                ),
                FieldPanel("invitation_only"),
            ],
            heading=_("Window and seats"),
        ),
        FieldPanel("participants_change_answers"),
        FieldPanel("participants_give_places"),
        FieldPanel("notify_organisers"),
        FieldPanel("retention_days"),
        InlinePanel("questions", heading=_("Questions"), label=_("Question")),
    ]

    class Meta:
        verbose_name = _("registration settings")
        verbose_name_plural = _("registration settings")

    def confirmed_note_for(self, language):
        """The note for confirmed participants in ``language``, else in the other language."""
        return pick(self.confirmed_note_ar, self.confirmed_note, language).strip()

    def __str__(self):
        return str(self.event.title) if self.event_id else str(_("registration settings"))

    def save(self, **kwargs):
        """Saving settings loaded earlier (the organisers' form) never writes the counts back:
        they change only by the services' updates, under the event's lock."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                *(f.name for f in self._meta.concrete_fields if not f.primary_key and f.name not in COUNT_FIELDS),
                *(relation.get_accessor_name() for relation in get_all_child_relations(self)),
                *(field.name for field in get_all_child_m2m_relations(self)),
            ]
        super().save(**kwargs)

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Registration must close after it opens.")})

    @property
    def effective_closes_at(self):
        """Registration closes at the set time, and at the latest when the event starts."""
        # ``event_start`` is annotated by the queries that do not load the whole page.
        start = getattr(self, "event_start", None) or self.event.start
        return min(self.closes_at, start) if self.closes_at else start

    def retention_ends_at(self, end=None):
        """When the event's personal data may be erased: ``retention_days`` after its end
        (``end``, or the event's), or ``None`` when it is kept."""
        if self.retention_days is None:
            return None
        end = end or getattr(self, "event_end", None) or self.event.end
        return end + timedelta(days=self.retention_days)

    def window_state(self, now=None):
        """``"not_yet_open"``, ``"open"`` or ``"closed"`` at ``now``."""
        return window_state(self.opens_at, self.effective_closes_at, now)


class QuestionType(models.TextChoices):
    SHORT_TEXT = "singleline", _("Short text")
    LONG_TEXT = "multiline", _("Long text")
    SINGLE_CHOICE = "radio", _("Single choice")
    MULTIPLE_CHOICE = "checkboxes", _("Multiple choice")
    YES_NO = "yesno", _("Yes or no")
    COUNTRY = "country", _("Country")
    GOVERNORATE = "governorate", _("Governorate")
    CONSENT = "consent", _("Consent checkbox")


CHOICE_TYPES = {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE}
# A yes/no question's answers: stored as "yes" or "no", read in the active language.
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
# The questions whose answers are fixed in advance: another question can be asked only when one
# of them is given a certain answer (services/conditions.py).
FIXED_ANSWER_TYPES = {*CHOICE_TYPES, QuestionType.YES_NO}


def split_choices(value):
    """Choices are typed one per line (or separated by commas on a single line)."""
    lines = [line.strip().rstrip(",").strip() for line in (value or "").strip().splitlines()]
    if len(lines) == 1:
        lines = [part.strip() for part in lines[0].split(",")]
    return [line for line in lines if line]


class BilingualQuestion(AbstractFormField):
    """A question in English and Arabic on one of Wagtail's forms: an event's registration form
    here, its evaluation form in the evaluation app. Wagtail's form builder turns these into form
    fields (see services/questions.py). Answers are stored under ``clean_name`` and a choice under
    its English wording, so changing the Arabic wording later does not orphan earlier answers.

    A concrete question names the form it belongs to in ``parent_field`` (its ``ParentalKey``)
    and gives its own ``field_type`` with the types it offers."""

    parent_field = ""

    label = models.CharField(_("question (English)"), max_length=255)
    label_ar = models.CharField(_("question (Arabic)"), max_length=255, blank=True)
    help_text_ar = models.CharField(_("help text (Arabic)"), max_length=255, blank=True)
    choices = models.TextField(
        _("choices (English)"), blank=True, help_text=_("One per line. Only for single and multiple choice.")
    )
    choices_ar = models.TextField(
        _("choices (Arabic)"), blank=True, help_text=_("One per line, in the same order as the English choices.")
    )

    # Each language's text is written in its own direction whatever the admin's language (a long
    # English question in the Arabic admin was cut at its start).
    panels = [
        FieldRowPanel(
            [
                FieldPanel("label", widget=forms.TextInput(attrs={"dir": "ltr"})),
                FieldPanel("label_ar", widget=forms.TextInput(attrs={"dir": "rtl"})),
            ]
        ),
        FieldRowPanel([FieldPanel("field_type"), FieldPanel("required")]),
        FieldRowPanel(
            [
                FieldPanel("choices", widget=forms.Textarea(attrs={"dir": "ltr"})),
                FieldPanel("choices_ar", widget=forms.Textarea(attrs={"dir": "rtl"})),
            ]
        ),
        FieldRowPanel(
            [
                FieldPanel("help_text", widget=forms.TextInput(attrs={"dir": "ltr"})),
                FieldPanel("help_text_ar", widget=forms.TextInput(attrs={"dir": "rtl"})),
            ]
        ),
    ]

    class Meta(AbstractFormField.Meta):
        abstract = True

    def __str__(self):
        return self.display_label

    def clean(self):
        super().clean()
        if self.field_type in CHOICE_TYPES:
            english, arabic = split_choices(self.choices), split_choices(self.choices_ar)
            if not english:
                raise ValidationError({"choices": _("Give at least one choice.")})
            if len(set(english)) != len(english):
                raise ValidationError({"choices": _("Each choice must be different.")})
            if arabic and len(arabic) != len(english):
                raise ValidationError({"choices_ar": _("Give as many Arabic choices as English ones.")})

    def get_field_clean_name(self):
        return get_field_clean_name(self.label) or "question"

    def save(self, *args, **kwargs):
        if not self.clean_name:
            base = self.get_field_clean_name()
            parent = f"{self.parent_field}_id"
            taken = set(
                type(self)
                .objects.filter(**{parent: getattr(self, parent)})
                .exclude(pk=self.pk)
                .values_list("clean_name", flat=True)
            )
            name, n = base, 2
            while name in taken:
                name, n = f"{base}_{n}", n + 1
            self.clean_name = name
        super().save(*args, **kwargs)

    @property
    def display_label(self):
        return pick(self.label_ar, self.label)

    @property
    def display_help_text(self):
        return pick(self.help_text_ar, self.help_text)

    def condition(self):
        """``(id of the question, stored answer)`` on which this question is asked only, or
        ``None``: asked of everyone."""
        return None

    def choice_pairs(self):
        """``[(stored value, label in the active language)]``."""
        english = split_choices(self.choices)
        arabic = split_choices(self.choices_ar)
        if is_arabic() and len(arabic) == len(english):
            return list(zip(english, arabic, strict=True))
        return [(value, value) for value in english]


class ConditionalQuestion(models.Model):
    """A question asked only when an earlier question of the same form got a certain answer
    (services/conditions.py): of an event's registration form or its evaluation. Removing that
    question asks this one of everyone again. Checked on the form's admin page
    (``conditions.condition_errors``, through the staff forms' ``ConditionsForm``)."""

    condition_question = models.ForeignKey(
        "self",
        verbose_name=_("ask only if"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "An earlier question with fixed answers (yes or no, single or multiple choice). "
            "A question you have just added can be chosen once the page is saved."
        ),
    )
    condition_value = models.CharField(
        _("is answered"),
        max_length=255,
        blank=True,
        help_text=_("One of its answers: for a choice, as written in English or in Arabic; for yes or no, Yes or No."),
    )

    condition_panels = [FieldRowPanel([FieldPanel("condition_question"), FieldPanel("condition_value")])]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        form = f"{self.parent_field}_id"
        if self.condition_question_id is not None and getattr(self.condition_question, form) != getattr(self, form):
            raise ValidationError({"condition_question": _("Choose a question of this event.")})

    def condition(self):
        if self.condition_question_id is None:
            return None
        return self.condition_question_id, self.condition_value


class RegistrationQuestion(ConditionalQuestion, BilingualQuestion):
    """One question of an event's registration form."""

    parent_field = "settings"

    settings = ParentalKey(RegistrationSettings, on_delete=models.CASCADE, related_name="questions")
    field_type = models.CharField(_("question type"), max_length=16, choices=QuestionType.choices)

    panels = [*BilingualQuestion.panels, *ConditionalQuestion.condition_panels]

    class Meta(AbstractFormField.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")
