"""The public directory's filter forms. Filters live in the query string, combine with each
other and with search; a value the form does not know makes the result empty, never an error
page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from network.geography import Governorate, country_choices
from network.models import Affiliation, Network, NetworkMembership, Organisation, OrganisationKind
from network.search import matching


def _country_choices(queryset):
    codes = queryset.exclude(country="").order_by().values_list("country", flat=True).distinct()
    return [("", _("All countries")), *country_choices(codes)]


def _network_choices():
    return [("", _("All networks"))] + [
        (network.slug, network.display_name) for network in Network.objects.public().in_display_order()
    ]


class DirectoryFilterForm(forms.Form):
    member_field = None  # "person" or "organisation": how a network membership points here.

    q = forms.CharField(label=_("Search by name"), required=False, max_length=200)
    country = forms.ChoiceField(label=_("Country"), required=False)
    governorate = forms.ChoiceField(
        label=_("Governorate"), required=False, choices=[("", _("All governorates")), *Governorate.choices]
    )
    network = forms.ChoiceField(label=_("Network"), required=False)

    def __init__(self, data, *, base_queryset):
        super().__init__(data)
        self.fields["country"].choices = _country_choices(base_queryset)
        self.fields["network"].choices = _network_choices()

    def filter(self, queryset):
        """``queryset`` narrowed by every filter given; empty when a filter is not valid."""
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        for name in ("country", "governorate"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("network"):
            members = NetworkMembership.objects.filter(network__slug=data["network"], network__is_public=True)
            queryset = queryset.filter(pk__in=members.values(self.member_field))
        return matching(queryset, data.get("q"))


class OrganisationFilterForm(DirectoryFilterForm):
    member_field = "organisation"
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices])
    field_order = ["q", "kind", "country", "governorate", "network"]

    def filter(self, queryset):
        queryset = super().filter(queryset)
        if self.is_valid() and self.cleaned_data.get("kind"):
            queryset = queryset.filter(kind=self.cleaned_data["kind"])
        return queryset


class PersonFilterForm(DirectoryFilterForm):
    member_field = "person"
    organisation = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)
    field_order = ["q", "country", "governorate", "network", "organisation"]

    def clean_organisation(self):
        slug = self.cleaned_data.get("organisation")
        if not slug:
            return None
        organisation = Organisation.objects.public().filter(slug=slug).first()
        if organisation is None:
            raise forms.ValidationError(_("This organisation is not in the directory."), code="unknown")
        return organisation

    def filter(self, queryset):
        queryset = super().filter(queryset)
        if self.is_valid() and self.cleaned_data.get("organisation"):
            affiliated = Affiliation.objects.filter(organisation=self.cleaned_data["organisation"])
            queryset = queryset.filter(pk__in=affiliated.values("person"))
        return queryset
