import copy

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList

from events.registrations.forms import PersonForm
from events.registrations.models import REASON_MAX_LENGTH, RegistrationSettings
from events.registrations.models.settings import MAX_RETENTION_DAYS, RETENTION_ERRORS
from events.registrations.services.conditions import Row, condition_errors
from events.registrations.services.questions import PREFIX, AnswersMixin, staff_question_fields


class ConditionsForm(WagtailAdminModelForm):
    """An admin form whose ``questions`` (registration or evaluation questions) may be asked
    only on an earlier answer: "Ask only if" offers this form's own questions only, and each
    condition is checked against the questions as the organiser left them
    (``conditions.condition_errors``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets["questions"]
        model = formset.model
        own = model.objects.filter(**{model.parent_field: self.instance}) if self.instance.pk else None
        chooser = copy.deepcopy(formset.form.base_fields["condition_question"])
        chooser.queryset = own.order_by("sort_order", "pk") if own is not None else model.objects.none()
        # A subclass for this form alone (the class Wagtail made is shared by every request),
        # its fields set once made: making a model form's class builds them from the model.
        form = type(formset.form.__name__, (formset.form,), {})
        form.base_fields = {**formset.form.base_fields, "condition_question": chooser}
        formset.form = form

    def is_valid(self):
        valid = super().is_valid()
        formset = self.formsets["questions"]
        if not formset.is_valid():
            return valid
        shown = [form for form in formset.forms if form.instance.pk is not None or form.has_changed()]
        rows = []
        for index, form in enumerate(shown):
            data = form.cleaned_data
            depended = data.get("condition_question")
            rows.append(
                Row(
                    key=form.instance.pk,
                    order=data.get("ORDER") or index + 1,
                    field_type=data.get("field_type") or "",
                    choices=data.get("choices") or "",
                    choices_ar=data.get("choices_ar") or "",
                    removed=bool(data.get("DELETE")),
                    condition=depended.pk if depended else None,
                    value=data.get("condition_value") or "",
                )
            )
        errors, values = condition_errors(rows)
        for index, fields in errors.items():
            for name, message in fields.items():
                shown[index].add_error(name, message)
        for index, value in values.items():
            shown[index].instance.condition_value = shown[index].cleaned_data["condition_value"] = value
        return valid and not errors


class SettingsForm(ConditionsForm):
    """The settings screen's form: a retention period below zero days or beyond the longest the
    model allows is refused on its field, in the model's words; the questions' conditions as
    every ``ConditionsForm``'s."""

    class Meta:
        error_messages = {"retention_days": RETENTION_ERRORS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["retention_days"]
        field.validators.append(MaxValueValidator(MAX_RETENTION_DAYS))
        field.widget.attrs.update({"min": 0, "max": MAX_RETENTION_DAYS})
        for name in ("confirmed_note", "confirmed_note_ar"):
            # A line break stored as the one character the emails show, and counted as one.
            field = self.fields[name]
            self.fields[name] = ReasonField(
                label=field.label,
                help_text=field.help_text,
                required=False,
                max_length=field.max_length,
                widget=field.widget,
            )


SETTINGS_PANEL = ObjectList(
    [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("capacity"),
                FieldRowPanel([FieldPanel("waitlist_enabled"), FieldPanel("approval_required")]),
                FieldPanel("invitation_only"),
            ],
            heading=_("Window and seats"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("confirmed_note", widget=forms.Textarea(attrs={"dir": "ltr", "rows": 4})),
                        FieldPanel("confirmed_note_ar", widget=forms.Textarea(attrs={"dir": "rtl", "rows": 4})),
                    ]
                )
            ],
            heading=_("Note for confirmed participants"),
        ),
        MultiFieldPanel([FieldPanel("retention_days")], heading=_("Keeping personal data")),
        MultiFieldPanel(
            [FieldPanel("participants_change_answers"), FieldPanel("participants_give_places")],
            heading=_("What participants may change"),
        ),
        MultiFieldPanel([FieldPanel("notify_organisers")], heading=_("Emails to the organisers")),
        InlinePanel("questions", heading=_("Questions"), label=_("Question")),
    ],
    base_form_class=SettingsForm,
).bind_to_model(RegistrationSettings)


# The actions a registration's own page runs in one click; declining and cancelling ask for a
# confirmation and a reason first (``ReasonForm``). The list offers all of them as bulk actions.
ACTIONS = [
    ("approve", _("Approve")),
    ("promote", _("Promote from the waiting list")),
    ("resend", _("Resend the confirmation")),
]


class ActionForm(forms.Form):
    """One action on one registration, from its own page."""

    action = forms.ChoiceField(choices=ACTIONS)
    override_capacity = forms.BooleanField(required=False)


class ReasonField(forms.CharField):
    """Counts a line break as the one character the participant's email shows (a browser sends
    two)."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class ReasonForm(forms.Form):
    """The organiser's optional reason for declining or cancelling, for the participant. No
    ``maxlength`` on the box: a longer text pasted in is kept and refused with the limit,
    rather than cut without a word."""

    reason = ReasonField(
        label=_("Reason for the participant (optional)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        error_messages={
            "max_length": _("The reason is too long: at most %(limit_value)d characters, and it has %(show_value)d.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.widget.attrs.pop("maxlength", None)
        field.help_text = _(
            "Included in the email, marked as the organisers’ words, and kept in the registration’s history. "
            "At most %(limit)s characters."
        ) % {"limit": REASON_MAX_LENGTH}


class AddRegistrationForm(AnswersMixin, PersonForm):
    """The person, the language of their emails, the overrides, and the event's questions
    (``questions``), none of them required but each checked when answered."""

    override_approval = forms.BooleanField(
        label=_("Skip approval"),
        required=False,
        help_text=_("Confirm without the approval step this event requires. The registration's history records it."),
    )
    override_capacity = forms.BooleanField(
        label=_("Beyond capacity"),
        required=False,
        help_text=_("Confirm this person even when the event is full."),
    )

    def __init__(self, *args, approval_required=False, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not approval_required:
            del self.fields["override_approval"]
        self.questions = list(questions)
        self.fields.update(staff_question_fields(questions))

    def clean(self):
        cleaned = super().clean()
        self.check_places(cleaned)
        self.check_conditions(cleaned)
        self.check_names(cleaned)
        return cleaned

    def person_fields(self):
        return [field for field in self if not field.name.startswith(PREFIX)]


class ReplacementForm(ReasonForm, PersonForm):
    """Who takes a registration's place, and the organiser's optional reason for the person
    who leaves it."""

    def clean(self):
        cleaned = super().clean()
        self.check_names(cleaned)
        return cleaned
