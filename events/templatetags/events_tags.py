"""Template helpers for event pages and cards."""

from django import template

from core import text
from core.sharing import json_ld_script
from events import covers, dates
from events.links import directory_url as _directory_url

register = template.Library()


@register.filter
def event_dates(event):
    """The event's dates in its own time zone, for example "10–11 August 2018"."""
    return dates.date_range(event.start, event.end, event.zone)


@register.filter
def event_times(event):
    """Dates with times when the event fits in one day, for example "13 March 2025, 10:00–14:00"."""
    return dates.date_range(event.start, event.end, event.zone, with_time=True)


@register.simple_tag
def directory_url(kind, slug):
    """The directory page of a person or organisation, or "" while the directory has none."""
    return _directory_url(kind, slug) or ""


@register.simple_tag
def json_ld(data):
    return json_ld_script(data) if data else ""


@register.filter
def comma_join(values):
    """Items separated by the comma of the active language."""
    return text.join(values)


@register.inclusion_tag("events/includes/cover.html")
def event_cover(event, css_class=""):
    """The generated cover of an event without an uploaded image."""
    return {"cover": covers.cover(event), "class": css_class}


@register.filter
def quoted_join(values):
    """Items in the quotation marks of the active language («…» in Arabic), separated by its comma."""
    return text.join(values, quote=True)
