from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList

from events.registrations.models import RegistrationSettings, RegistrationStatus
from network.models import Person

SETTINGS_PANEL = ObjectList(
    [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("capacity"),
                FieldRowPanel([FieldPanel("waitlist_enabled"), FieldPanel("approval_required")]),
            ],
            heading=_("Window and seats"),
        ),
        InlinePanel("questions", heading=_("Questions"), label=_("Question")),
    ]
).bind_to_model(RegistrationSettings)


ACTIONS = [
    ("approve", _("Approve")),
    ("decline", _("Decline")),
    ("cancel", _("Cancel")),
    ("promote", _("Promote from the waiting list")),
]


class BulkActionForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    override_capacity = forms.BooleanField(
        label=_("Beyond capacity"),
        required=False,
        help_text=_("Confirm even when no seat is free."),
    )
    ids = forms.TypedMultipleChoiceField(
        coerce=int, error_messages={"required": _("Select at least one registration.")}
    )

    def __init__(self, *args, registration_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(pk, pk) for pk in registration_ids]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *RegistrationStatus.choices])


class AddRegistrationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_(
            "If someone in the directory has this address, they are registered; otherwise a new entry is made."
        ),
    )
    name = forms.CharField(label=_("Name in Latin script"), max_length=255, required=False)
    name_ar = forms.CharField(label=_("Name in Arabic script"), max_length=255, required=False)
    language = forms.ChoiceField(label=_("Language of the emails"), choices=[("ar", "العربية"), ("en", "English")])
    override_capacity = forms.BooleanField(
        label=_("Beyond capacity"),
        required=False,
        help_text=_("Confirm this person even when the event is full."),
    )

    def clean(self):
        cleaned = super().clean()
        named = cleaned.get("name") or cleaned.get("name_ar")
        known = cleaned.get("email") and Person.objects.filter(email__iexact=cleaned["email"]).exists()
        if not named and not known:
            raise forms.ValidationError(_("This person is not in the directory yet: give their name."))
        return cleaned
