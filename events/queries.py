"""Read-only queries the rest of the site uses to list events."""

from django.utils import timezone


def upcoming_events(locale, limit=None):
    from events.models import EventPage

    events = EventPage.objects.live().public().filter(locale=locale, end__gte=timezone.now()).order_by("start")
    return list(events[:limit] if limit else events)
