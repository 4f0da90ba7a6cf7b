"""The endpoint form: the address (checked as it will be before each delivery, with the reason
in the organiser's language when it is refused), the event among those they may manage — or
all of them — and the changes to send."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from events.models import EventPage
from events.permissions import manageable_events
from events.translation import localized_events

from . import addresses
from .errors import WebhookError
from .models import Endpoint, Kind


class EventChoiceField(forms.ModelChoiceField):
    """The canonical events, each named in the admin user's language where it is translated."""

    titles = {}

    def label_from_instance(self, event):
        return self.titles.get(event.pk, event.title)


def event_titles(events):
    language = (get_language() or "ar").split("-")[0]
    return {
        event.pk: shown.title for event, shown in zip(events, localized_events(events, language, False), strict=True)
    }


class EndpointForm(WagtailAdminModelForm):
    url = forms.URLField(
        label=_("Endpoint URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "The address on your server that receives the changes, for example https://example.org/multaqa/hooks. "
            "Use https: the requests carry participants' names and email addresses."
        ),
    )
    event = EventChoiceField(
        label=_("Event"),
        queryset=EventPage.objects.none(),
        required=False,
        empty_label=_("Every event I may manage"),
        help_text=_("Chosen when the endpoint is added."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Changes to send"), choices=Kind.choices, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("What receives the changes, for your colleagues (optional)."),
    )

    class Meta:
        model = Endpoint
        fields = ["url", "event", "kinds", "description", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        events = manageable_events(self.for_user, EventPage.objects.filter(locale=Locale.get_default()))
        field = self.fields["event"]
        field.queryset = events.order_by("-start", "-pk")
        if self.instance.pk:
            # The event stays what it was when the endpoint was added (it may be one the
            # user does not manage, if the endpoint is someone else's for every event).
            field.queryset = EventPage.objects.filter(pk=self.instance.event_id)
            field.disabled = True
        field.titles = event_titles(list(field.queryset))

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            addresses.check(url)
        except WebhookError as error:
            raise ValidationError(error.message, code=error.code) from error
        return url
