"""Calendar files (RFC 5545) for events and sessions, built as pure functions.

UIDs are stable across edits and shared by an event's Arabic and English versions, so a
calendar that imports both, or refreshes a feed, updates one entry instead of adding another.
Times carry the event's TZID with a matching VTIMEZONE. Text (SUMMARY, DESCRIPTION, LOCATION)
is in the language of the page the file is built from. Only public facts go in: no online
meeting link, no speaker the organiser did not name publicly, no contact details.
"""

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

UID_DOMAIN = "multaqa.events"


def event_uid(page):
    return f"event-{page.translation_key}@{UID_DOMAIN}"


def session_uid(page, session):
    return f"session-{page.translation_key}-{session.key}@{UID_DOMAIN}"


def _stamp(page):
    return (page.last_published_at or timezone.now()).astimezone(UTC)


def _location(page, room=""):
    parts = []
    if room:
        parts.append(room)
    if page.venue is not None:
        parts.append(page.venue.one_line())
    elif page.event_format == "online":
        parts.append(_("Online"))
    return " — ".join(parts)


def event_component(page, url):
    from icalendar import Event

    event = Event()
    event.add("uid", event_uid(page))
    event.add("dtstamp", _stamp(page))
    event.add("dtstart", page.local_start)
    event.add("dtend", page.local_end)
    event.add("summary", page.title)
    event.add("description", "\n\n".join(filter(None, [page.summary, url])))
    location = _location(page)
    if location:
        event.add("location", location)
    if page.venue is not None and page.venue.has_coordinates:
        event.add("geo", (float(page.venue.latitude), float(page.venue.longitude)))
    event.add("url", url)
    event.add("categories", [str(page.kind_label)])
    event.add("status", "CONFIRMED")
    if page.last_published_at:
        event.add("last-modified", page.last_published_at.astimezone(UTC))
    return event


def session_component(page, session, url, speakers=()):
    """``speakers``: the publicly named ones only, as (name, role label) pairs."""
    from icalendar import Event

    event = Event()
    event.add("uid", session_uid(page, session))
    event.add("dtstamp", _stamp(page))
    event.add("dtstart", timezone.localtime(session.start, page.zone))
    event.add("dtend", timezone.localtime(session.end, page.zone))
    event.add("summary", f"{session.title} · {page.title}")
    lines = [session.kind_label]
    lines += [f"{role}: {name}" for name, role in speakers]
    if session.description:
        lines += ["", session.description]
    lines += ["", url]
    event.add("description", "\n".join(lines))
    location = _location(page, session.room)
    if location:
        event.add("location", location)
    event.add("url", url)
    event.add("related-to", event_uid(page))
    event.add("status", "CONFIRMED")
    return event


def calendar_bytes(name, components, pages):
    """A complete VCALENDAR with a VTIMEZONE for every zone its events use."""
    from icalendar import Calendar

    language = (get_language() or "ar")[:2]
    calendar = Calendar()
    calendar.add("prodid", f"-//Multaqa//Events//{language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for component in components:
        calendar.add_component(component)
    if pages:
        first = min(page.start for page in pages).date() - timedelta(days=366)
        last = max(page.end for page in pages).date() + timedelta(days=366)
    else:
        first = last = datetime.now(UTC).date()
    # What icalendar's ``add_missing_timezones`` does, with each zone's component kept.
    for position, tzid in enumerate(sorted(calendar.get_missing_tzids())):
        component = vtimezone(tzid, first.year, last.year)
        if component is not None:
            calendar.subcomponents.insert(position, component)
    return calendar.to_ical()


@lru_cache(maxsize=64)
def vtimezone(tzid, first_year, last_year):
    """The VTIMEZONE of ``tzid`` with its changes of offset from the first year's start to the
    last year's end (None for a zone icalendar does not know). icalendar finds them by walking
    the zone (about 25 ms, whatever the span), so each process builds a zone's component for a
    span of years once; the calendars built from it only write it out."""
    from icalendar import Timezone

    try:
        return Timezone.from_tzid(tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31))
    except ValueError:
        return None
