"""Forms of the participant's side: the profile. (The registration form is built per event
from its questions, in services/questions.py.)"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from events.registrations.services.questions import has_a_name, with_blank
from network.geography import country_choices
from network.models import Person
from network.validators import validate_email_length

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


class PersonForm(forms.Form):
    """The person an organiser names, by email or by name alone, and the language of their
    emails: for adding someone by hand and for giving a registration's place to someone else
    (``GivePlaceForm``, the participant's, asks for the email)."""

    email = forms.EmailField(
        label=_("Email"),
        required=False,
        validators=[validate_email_length],
        help_text=_(
            "The person receives an email and accepts the registration in “My events”; until then you see "
            "only what you enter here."
        ),
    )
    name = forms.CharField(label=_("Name in Latin script"), max_length=255, required=False)
    name_ar = forms.CharField(label=_("Name in Arabic script"), max_length=255, required=False)
    language = forms.ChoiceField(label=_("Language of the emails"), choices=[("ar", "العربية"), ("en", "English")])

    def person(self):
        """The person as the services take them (``add_by_staff``, ``replace``)."""
        return {name: self.cleaned_data[name] for name in ("email", "name", "name_ar", "language")}

    def check_names(self, cleaned):
        if not (cleaned.get("name") or "").strip() and not (cleaned.get("name_ar") or "").strip():
            raise forms.ValidationError(_("Give the person's name in at least one script."))


class GivePlaceForm(PersonForm):
    """The colleague a participant gives their place to: their email, which they accept the
    place with, and their name in at least one script."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.required = True
        email.label = _("Their email address")
        email.help_text = _("They receive an email and accept the place in “My events” with this address.")
        self.fields["name"].label = _("Their name in Latin script")
        self.fields["name_ar"].label = _("Their name in Arabic script")
        self.fields["language"].label = _("Language of their emails")

    def clean(self):
        cleaned = super().clean()
        self.check_names(cleaned)
        return cleaned
