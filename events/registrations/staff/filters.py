"""The filters of an event's registrations list. Exports and bulk actions on "all in the
listing" apply the same filter set, so they act on exactly the rows the organiser sees."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from events.registrations.models import Registration, RegistrationSource, RegistrationStatus


class RegistrationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RegistrationStatus.choices, empty_label=_("All"))
    source = django_filters.ChoiceFilter(label=_("Source"), choices=RegistrationSource.choices, empty_label=_("All"))
    awaiting_acceptance = django_filters.BooleanFilter(
        label=_("Awaiting the participant's acceptance"), widget=BooleanRadioSelect
    )

    class Meta:
        model = Registration
        fields = ["status", "source", "awaiting_acceptance"]
