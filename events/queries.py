"""Read-only queries the rest of the site uses to list events."""

from django.db.models import Prefetch
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.models import Filter

# The renditions event_card.html asks for: WebP and JPEG at two widths, cropped around the
# image's focal point.
CARD_IMAGE = "fill-{480x270,960x540} format-{webp,jpeg}"
CARD_RENDITIONS = Filter.expand_spec(CARD_IMAGE)


def public_events(locale=None):
    """Live, unrestricted event pages, in ``locale`` when given, with what a card shows."""
    from events.models import EventPage

    events = (
        EventPage.objects.live()
        .public()
        .select_related("venue", "locale")
        .prefetch_related(Prefetch("image", queryset=get_image_model().objects.prefetch_renditions(*CARD_RENDITIONS)))
    )
    if locale is not None:
        events = events.filter(locale=locale)
    return events


def upcoming_events(locale, limit=None):
    """Events that have not ended yet, soonest first."""
    events = public_events(locale).filter(end__gte=timezone.now()).order_by("start", "pk")
    return list(events[:limit] if limit else events)
