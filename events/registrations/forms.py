"""Forms of the participant's side: the profile. (The registration form is built per event
from its questions, in services/questions.py.)"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from events.registrations.services.questions import has_a_name, with_blank
from network.geography import country_choices
from network.models import Person

PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,30}$")


class ProfileForm(forms.ModelForm):
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=255,
        required=False,
        help_text=_("The organisation you work or volunteer with."),
    )

    class Meta:
        model = Person
        fields = ["name", "name_ar", "title", "title_ar", "country", "governorate", "gender", "phone", "public_profile"]
        labels = {
            "name": _("Name in Latin script"),
            "name_ar": _("Name in Arabic script"),
            "title": _("Title or role (English)"),
            "title_ar": _("Title or role (Arabic)"),
            "gender": _("Gender (optional)"),
            "phone": _("Phone"),
            "public_profile": _("Show my profile in the public directory"),
        }
        widgets = {
            "name": forms.TextInput(attrs={"dir": "ltr", "autocomplete": "name"}),
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "title": forms.TextInput(attrs={"dir": "ltr"}),
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "phone": forms.TextInput(attrs={"dir": "ltr", "type": "tel", "autocomplete": "tel"}),
        }
        help_texts = {
            "name": _("As it should appear in English, for example on your ticket."),
            "gender": _("Only used, without your name, in reports on who takes part."),
            "phone": _("Seen only by the organisers of the events you register for."),
            "public_profile": _(
                "Your name, title, organisation and biography become visible to everyone. "
                "Your email address and phone number never are."
            ),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["gender"].required = False
        self.fields["country"].choices = with_blank(country_choices())
        for name in ("governorate", "gender"):
            self.fields[name].choices = with_blank([choice for choice in self.fields[name].choices if choice[0]])

    def consent_wording(self):
        """The public-profile box's words as the person sees them now (recorded with their
        choice): its label and the sentence under it."""
        field = self.fields["public_profile"]
        return f"{field.label} — {field.help_text}"

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("Enter a phone number with digits only, optionally starting with +."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if not has_a_name(self, cleaned):
            raise forms.ValidationError(_("Please give your name in at least one script."))
        return cleaned

    def profile_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
