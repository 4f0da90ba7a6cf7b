"""Admin forms: links are typed one per line rather than as JSON."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from network.models.directory import validate_links


class LinesField(forms.Field):
    """A list of web addresses, edited one per line."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3, "dir": "ltr"}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return value or ""

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def validate(self, value):
        super().validate(value)
        validate_links(value)

    def has_changed(self, initial, data):
        return self.to_python(initial or []) != self.to_python(data)


class OrganisationForm(WagtailAdminModelForm):
    social_links = LinesField(label=_("social links"), help_text=_("Profile addresses, one per line."))


class PersonForm(WagtailAdminModelForm):
    links = LinesField(label=_("links"), help_text=_("Web addresses, one per line."))
