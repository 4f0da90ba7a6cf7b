"""The rules an event and its agenda must satisfy before they are saved.

Each check raises Django's ``ValidationError`` keyed by the field the editor has to fix, with
a translated message and a machine code, so the admin form, the model's ``clean()`` and the
demo loader all apply the same rule and explain it the same way.
"""

import zoneinfo

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from events.models.choices import DEFAULT_TIME_ZONE, EventFormat


def zone(name):
    """The ``ZoneInfo`` for ``name``; the default zone for an empty or unknown name."""
    try:
        return zoneinfo.ZoneInfo(name or DEFAULT_TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)


def check_event_times(start, end):
    if start and end and end < start:
        raise ValidationError(
            {"end": ValidationError(_("The event cannot end before it starts."), code="end_before_start")}
        )


def check_location(event_format, venue, online_link):
    """In-person events need a venue, online ones a meeting link, hybrid ones both."""
    errors = {}
    if event_format in (EventFormat.ONLINE, EventFormat.HYBRID) and not online_link:
        errors["online_link"] = ValidationError(
            _("An online or hybrid event needs its meeting link. Participants receive it; it is never public."),
            code="online_without_link",
        )
    if event_format in (EventFormat.IN_PERSON, EventFormat.HYBRID) and venue is None:
        errors["venue"] = ValidationError(
            _("An in-person or hybrid event needs a venue. Choose one or create it under Snippets › Venues."),
            code="in_person_without_venue",
        )
    if errors:
        raise ValidationError(errors)


def check_session(session_start, session_end, event_start, event_end, time_zone):
    """A session starts and ends within the event's days, counted in the event's time zone."""
    if not (session_start and session_end):
        return
    if session_end < session_start:
        raise ValidationError(
            {"end": ValidationError(_("The session cannot end before it starts."), code="session_end_before_start")}
        )
    if not (event_start and event_end):
        return
    tz = zone(time_zone)
    first_day, last_day = event_start.astimezone(tz).date(), event_end.astimezone(tz).date()
    message = _("Sessions must fall within the event's days (%(first)s to %(last)s).") % {
        "first": formats.date_format(first_day, "j F Y"),
        "last": formats.date_format(last_day, "j F Y"),
    }
    errors = {}
    if not first_day <= session_start.astimezone(tz).date() <= last_day:
        errors["start"] = ValidationError(message, code="session_outside_event")
    if not first_day <= session_end.astimezone(tz).date() <= last_day:
        errors["end"] = ValidationError(message, code="session_outside_event")
    if errors:
        raise ValidationError(errors)
