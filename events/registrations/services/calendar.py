"""Calendar files: the event's .ics for the confirmation email, and a participant's personal
feed of the events they are confirmed for."""

import zoneinfo
from datetime import UTC

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from events.registrations.models import CalendarFeed, Registration, RegistrationStatus
from events.registrations.models.feeds import new_feed_token

PRODID = "-//Multaqa//Events//EN"


def event_zone(event):
    return zoneinfo.ZoneInfo(getattr(event, "time_zone", "") or settings.TIME_ZONE)


def format_in_zone(value, event):
    """A moment (such as registration opening) in the event's zone, for the active language."""
    from events import dates

    local = timezone.localtime(value, event_zone(event))
    separator = "، " if get_language_bidi() else ", "
    return f"{dates.day(local)}{separator}{dates.clock(local)}"


def event_times(event, with_zone=True):
    """When the event runs, in its own time zone, written as the event pages write it."""
    from events import dates

    zone = event_zone(event)
    when = dates.date_range(event.start, event.end, zone, with_time=True)
    return f"{when} · {dates.zone_label(zone.key, event.start)}" if with_zone else when


def _vevent(event):
    """The event as a VEVENT: the events app's builder (stable UID shared by both language
    versions, VTIMEZONE), or a minimal one in UTC where that builder is missing."""
    builder = _events_ics()
    if builder is not None:
        return builder.event_component(event, event.full_url or "")
    from icalendar import Event

    item = Event()
    item.add("uid", f"event-{event.translation_key}@multaqa.events")
    item.add("dtstamp", timezone.now().astimezone(UTC))
    item.add("dtstart", event.start.astimezone(UTC))
    item.add("dtend", event.end.astimezone(UTC))
    item.add("summary", event.title)
    if event.full_url:
        item.add("url", event.full_url)
    return item


def _events_ics():
    try:
        from events import ics
    except ImportError:
        return None
    if hasattr(ics, "event_component") and hasattr(ics, "calendar_bytes"):
        return ics
    return None


def calendar_of(name, events):
    builder = _events_ics()
    components = [_vevent(event) for event in events]
    if builder is not None:
        return builder.calendar_bytes(name, components, events)
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for component in components:
        calendar.add_component(component)
    return calendar.to_ical()


def event_ics(event):
    """The .ics of one event, in the language of ``event``."""
    return calendar_of(event.title, [event])


def feed_for(person):
    """The person's feed, created on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(person=person)
    return feed


def reset_feed(person):
    """A new secret address; the old one stops working at once."""
    with transaction.atomic():
        feed = feed_for(person)
        feed.token = new_feed_token()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed


def personal_feed(token, language):
    """The .ics of the events the feed's owner is confirmed for, or None for an unknown token."""
    feed = CalendarFeed.objects.select_related("person").filter(token=token).first()
    if feed is None:
        return None
    registrations = Registration.objects.filter(
        person_id=feed.person_id, status=RegistrationStatus.CONFIRMED, awaiting_acceptance=False
    )
    events = [registration.event for registration in registrations.select_related("event").order_by("event__start")]
    return calendar_of(_("My events — Multaqa"), localized_events(events, language))


def localized_events(events, language, live_only=True):
    """``events`` (canonical pages) in ``language`` where a live translation exists (any
    translation, drafts included, with ``live_only=False``, as the admin shows), in one query."""
    from events.models import EventPage

    keys = {event.translation_key for event in events}
    pages = EventPage.objects.live() if live_only else EventPage.objects.all()
    translations = {
        page.translation_key: page for page in pages.filter(translation_key__in=keys, locale__language_code=language)
    }
    return [translations.get(event.translation_key, event) for event in events]
