"""The editor's form for an event page.

Editors type times as they read on the event's programme: the form reads them in the event's
own time zone (not the editor's), shows saved times the same way, and applies the event rules
of events.rules to the page and to every session, putting each message on the field to fix.
"""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from events import rules
from events.models.choices import EventLanguage


def wall_time(value, tz):
    """``value`` as the naive time a clock in ``tz`` shows, for the editor's input box."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value, tz).replace(tzinfo=None)
    return value


def in_zone(value, tz):
    """Reads the time the editor typed (parsed in the admin's zone) as a time in ``tz``."""
    if not isinstance(value, datetime):
        return value
    naive = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return naive.replace(tzinfo=tz)


class EventPageForm(WagtailAdminPageForm):
    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=EventLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The languages the event is held in."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tz = rules.zone(self.instance.time_zone)
        for name in ("start", "end"):
            if getattr(self.instance, name, None):
                self.initial[name] = wall_time(getattr(self.instance, name), tz)
        for form in self._session_forms():
            for name in ("start", "end"):
                if getattr(form.instance, name, None):
                    form.initial[name] = wall_time(getattr(form.instance, name), tz)

    def _session_forms(self):
        formset = getattr(self, "formsets", {}).get("sessions")
        return formset.forms if formset is not None else []

    def clean(self):
        cleaned = super().clean()
        tz = rules.zone(cleaned.get("time_zone") or self.instance.time_zone)
        for name in ("start", "end"):
            if cleaned.get(name):
                cleaned[name] = in_zone(cleaned[name], tz)
        return cleaned

    def is_valid(self):
        valid = super().is_valid()
        if not self.is_bound:  # a preview asked for before any form was sent
            return valid
        if getattr(self, "_sessions_checked", None) is not None:
            return valid and self._sessions_checked
        self._sessions_checked = self._check_sessions()
        return valid and self._sessions_checked

    def _check_sessions(self):
        valid = True
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        time_zone = self.cleaned_data.get("time_zone") or self.instance.time_zone
        tz = rules.zone(time_zone)
        formset = self.formsets.get("sessions")
        deleted = set(formset.deleted_forms) if formset is not None and formset.is_bound else set()
        for form in self._session_forms():
            data = getattr(form, "cleaned_data", None)
            if not data or form in deleted:
                continue
            for name in ("start", "end"):
                if data.get(name):
                    data[name] = in_zone(data[name], tz)
                    setattr(form.instance, name, data[name])
            try:
                rules.check_session(data.get("start"), data.get("end"), start, end, time_zone)
            except ValidationError as error:
                for field, messages in error.error_dict.items():
                    for message in messages:
                        form.add_error(field, message)
                valid = False
        return valid
