"""The events index filters: kind, format, city, country, year, topic and words to search.

They combine, live in the query string (so a filtered list can be bookmarked and shared),
and a value the form does not know is dropped with a message rather than failing.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from taggit.models import Tag

from events.models.choices import EventFormat, EventKind
from events.models.venue import Venue
from network.search import index_query

MONTH_FORMAT = "%Y-%m"
FIRST_YEAR, LAST_YEAR = 1900, 2100


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Search events"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    view = forms.ChoiceField(label=_("View"), required=False, choices=[("", _("List")), ("month", _("Month calendar"))])
    month = forms.DateField(label=_("Month"), required=False, input_formats=[MONTH_FORMAT])

    FILTERS = ("q", "kind", "format", "city", "country", "year", "topic")

    def __init__(self, data, events):
        """``events``: the index's public events, from which the offered choices come."""
        super().__init__(data)
        anything = [("", _("Any"))]
        self.fields["kind"].choices = anything + EventKind.choices
        self.fields["format"].choices = anything + EventFormat.choices
        places = Venue.objects.filter(events__in=events).values_list("city", "city_ar", "country").distinct()
        cities, country_codes = {}, set()
        for city, city_ar, country in places:
            cities.setdefault(city, Venue(city=city, city_ar=city_ar).display_city)
            country_codes.add(country)
        self.fields["city"].choices = anything + sorted(cities.items(), key=lambda item: item[1])
        self.fields["country"].choices = anything + sorted(
            ((code, countries.name(code)) for code in country_codes if code), key=lambda item: item[1]
        )
        years = sorted({value.year for value in events.dates("start", "year")}, reverse=True)
        self.fields["year"].choices = [("", _("Any"))] + [(year, str(year)) for year in years]
        topics = Tag.objects.filter(events_eventpagetag_items__content_object__in=events).distinct()
        self.fields["topic"].choices = anything + sorted((tag.slug, tag.name) for tag in topics)

    def clean_q(self):
        # Quotes would reach the search backend's own query syntax (SQLite FTS refuses an
        # unbalanced one); words are what visitors mean.
        return " ".join(self.cleaned_data["q"].replace('"', " ").split())

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month and not FIRST_YEAR <= month.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Choose a month between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
                code="month_out_of_range",
            )
        return month

    def valid(self, name):
        """The cleaned value of ``name``, or None when it is absent or was not understood."""
        if not self.is_bound or name in self.errors:
            return None
        return self.cleaned_data.get(name) or None

    @property
    def active_filters(self):
        return {name: self.valid(name) for name in self.FILTERS if self.valid(name) is not None}

    @property
    def ignored(self):
        """Labels of the fields whose values were dropped."""
        return [str(self.fields[name].label) for name in self.errors if name in self.fields]


def apply_filters(events, filters):
    # Search first, on the index's own events: the search backend can only combine a search
    # with the filters it indexes, so the other filters narrow its results afterwards.
    # Both sides folded the directory's way: any spelling of a word finds it.
    if "q" in filters and index_query(filters["q"]):
        matching = [page.pk for page in events.search(index_query(filters["q"]), operator="and")]
        events = events.filter(pk__in=matching)
    if "kind" in filters:
        events = events.filter(kind=filters["kind"])
    if "format" in filters:
        events = events.filter(event_format=filters["format"])
    if "city" in filters:
        events = events.filter(venue__city=filters["city"])
    if "country" in filters:
        events = events.filter(venue__country=filters["country"])
    if "year" in filters:
        events = events.filter(start__year=filters["year"])
    if "topic" in filters:
        events = events.filter(tags__slug=filters["topic"]).distinct()
    return events
