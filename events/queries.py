"""Which events the public sees. The one rule for "a public, live event": a live page that
neither it nor an ancestor restricts, as Wagtail's ``live().public()`` decides; every list,
feed, lookup, registration and directory section takes it from here."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils import timezone
from wagtail.images.models import Filter
from wagtail.models import PageViewRestriction

from core.pictures import with_renditions
from events.models.event import EventPage
from events.models.partners import EventPartner
from events.translation import default_language

# The renditions event_card.html asks for: WebP and JPEG at two widths, cropped around the
# image's focal point; a vector picture (SVG) cropped to the same sizes and left a drawing.
CARD_IMAGE = "fill-{480x270,960x540} format-{webp,jpeg} preserve-svg"
CARD_RENDITIONS = Filter.expand_spec(CARD_IMAGE)


def public_pages(locale=None):
    """Live, unrestricted event pages, in ``locale`` when given: Wagtail's ``live().public()``,
    which lists and the page search (its backends read these filters) stand on."""
    pages = EventPage.objects.live().public()
    return pages if locale is None else pages.filter(locale=locale)


def public_page(pk):
    """The live, unrestricted event page ``pk`` as a queryset: the rule of ``public_pages``
    with the restriction check written as one subquery, where Wagtail first reads every
    restriction in a query of its own. The registration path (bench/registration.py) stays
    at eight statements with it; tests/events/test_queries.py holds the two forms equal on
    both databases."""
    return EventPage.objects.live().filter(_unrestricted(), pk=pk)


def _unrestricted():
    """No view restriction on the page or any ancestor (a restriction covers its page's subtree)."""
    restrictions = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    return ~Exists(restrictions)


def public_event_or_404(pk):
    """The live, public event page ``pk`` (any language version), or a 404."""
    event = public_page(pk).select_related("locale", "venue").first()
    if event is None:
        raise Http404
    return event


def public_events(locale=None):
    """Public event pages, in ``locale`` when given, with what a card shows."""
    return with_renditions(public_pages(locale).select_related("venue", "locale"), "image", CARD_IMAGE)


def with_organisation(events, organisation, roles=None):
    """Those of ``events`` that ``organisation`` organised or partnered (in one of ``roles``
    when given), each once: an organisation's feed, the widget, the API's filter, reports."""
    partners = EventPartner.objects.filter(organisation=organisation)
    if roles is not None:
        partners = partners.filter(role__in=roles)
    return events.filter(pk__in=partners.values("page"))


def of_network(events, network):
    """Those of ``events`` tied to ``network``: their attendance plan (kept on the
    default-language version) makes their participants its members; every language version."""
    tied = EventPage.objects.filter(locale__language_code=default_language(), attendance_plan__networks=network)
    return events.filter(translation_key__in=tied.values("translation_key"))


def upcoming(events):
    """Those of ``events`` that have not ended yet, soonest first."""
    return events.filter(end__gte=timezone.now()).order_by("start", "pk")


def upcoming_events(locale, limit=None):
    """Public events that have not ended yet, soonest first."""
    events = upcoming(public_events(locale))
    return list(events[:limit] if limit else events)
