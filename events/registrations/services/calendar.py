"""Calendar files: the event's .ics for the confirmation email, and a participant's personal
feed of the events they are confirmed for."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from events import dates, ics
from events.presentation import calendar_entries
from events.registrations.models import CalendarFeed, Registration, RegistrationStatus
from events.registrations.models.feeds import new_feed_token
from events.translation import localized_events


def format_in_zone(value, event):
    """A moment (such as registration opening) in the event's zone, for the active language."""
    local = timezone.localtime(value, event.zone)
    separator = "، " if get_language_bidi() else ", "
    return f"{dates.day(local)}{separator}{dates.clock(local)}"


def event_times(event, with_zone=True):
    """When the event runs, in its own time zone, written as the event pages write it."""
    zone = event.zone
    when = dates.date_range(event.start, event.end, zone, with_time=True)
    return f"{when} · {dates.zone_label(zone.key, event.start)}" if with_zone else when


def calendar_of(name, events):
    components = [entry for event in events for entry in calendar_entries(event, event.full_url or "")]
    return ics.calendar_bytes(name, components, events)


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
    registrations = registrations.select_related("event__venue").order_by("event__start")
    events = [registration.event for registration in registrations]
    return calendar_of(_("My events — Multaqa"), localized_events(events, language))
