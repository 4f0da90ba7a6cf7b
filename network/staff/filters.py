"""Filters for the admin listings. The export uses the same filter sets, so a download holds
exactly the rows the staff member is looking at."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from network.geography import Governorate, country_choices
from network.models import (
    Affiliation,
    Network,
    NetworkMembership,
    Organisation,
    OrganisationKind,
    Person,
    PublicBasis,
)


def _countries_in_use(model):
    codes = model.objects.exclude(country="").order_by().values_list("country", flat=True).distinct()
    return country_choices(codes)


class DirectoryFilterSet(WagtailFilterSet):
    member_field = None

    country = django_filters.ChoiceFilter(label=_("Country"), choices=[])
    governorate = django_filters.ChoiceFilter(label=_("Governorate"), choices=Governorate.choices)
    network = django_filters.ModelChoiceFilter(
        label=_("Network"), queryset=Network.objects.all(), method="filter_network"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["country"].extra["choices"] = _countries_in_use(self._meta.model)

    def filter_network(self, queryset, name, value):
        if not value:
            return queryset
        members = NetworkMembership.objects.filter(network=value).values(self.member_field)
        return queryset.filter(pk__in=members)


class OrganisationFilterSet(DirectoryFilterSet):
    member_field = "organisation"
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganisationKind.choices)
    is_public = django_filters.BooleanFilter(label=_("Shown in the public directory"), widget=BooleanRadioSelect)

    class Meta:
        model = Organisation
        fields = ["kind", "country", "governorate", "network", "is_public"]


class PersonFilterSet(DirectoryFilterSet):
    member_field = "person"
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.all(), method="filter_organisation"
    )
    public_profile = django_filters.BooleanFilter(label=_("Public profile"), widget=BooleanRadioSelect)
    public_basis = django_filters.ChoiceFilter(label=_("Basis for the public profile"), choices=PublicBasis.choices)

    class Meta:
        model = Person
        fields = ["country", "governorate", "network", "organisation", "public_profile", "public_basis"]

    def filter_organisation(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Affiliation.objects.filter(organisation=value).values("person"))
