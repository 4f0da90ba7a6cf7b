"""The pictures of an event page, drawn before anyone asks for the page.

A rendition drawn during a page request costs that visitor hundreds of milliseconds per picture
(and a write). The sizes an event page and its card show are listed here, beside the templates
that ask for them (event_page.html, includes/event_card.html, core.sharing); when an event is
published a task draws whatever is missing: the cover, the speakers' photos and the partners'
logos. The page itself then only reads them (events.presentation prefetches them).
"""

from django.db import transaction
from django_tasks import task
from wagtail.images.models import Filter

from core.sharing import SHARE_IMAGE
from events.models import EventPage
from events.presentation import LOGO, PHOTO, load_partners, load_sessions
from events.queries import CARD_IMAGE

COVER = "fill-{640x427,960x640,1440x960} format-{webp,jpeg} preserve-svg"  # event_page.html's hero picture
CARD = CARD_IMAGE  # includes/event_card.html, and the lists that read it with their cards
COVER_SPECS = [*Filter.expand_spec(COVER), *Filter.expand_spec(CARD)]


def images_of(page):
    """``{image: specs}`` for everything ``page`` shows."""
    wanted = {}
    if page.image is not None:
        # Link previews take no vector picture: the site's own picture stands in (core.sharing).
        wanted[page.image] = COVER_SPECS if page.image.is_svg() else [*COVER_SPECS, SHARE_IMAGE]
    for session in load_sessions(page):
        for speaker in session.public_speakers:
            if speaker.person.photo is not None and speaker.person.public_profile:
                wanted[speaker.person.photo] = Filter.expand_spec(PHOTO)
    for partner in load_partners(page):
        if partner.organisation.logo is not None:
            wanted[partner.organisation.logo] = Filter.expand_spec(LOGO)
    return wanted


def draw(page):
    """Draws the renditions of ``page`` that do not exist yet (Wagtail keeps those that do)."""
    for image, specs in images_of(page).items():
        image.get_renditions(*specs)


@task()
def draw_event_pictures(page_id):
    page = EventPage.objects.filter(pk=page_id).select_related("image").first()
    if page is not None:
        draw(page)


def on_publish(sender, instance, **kwargs):
    """``page_published`` receiver: the event's pictures are drawn once the publishing commits."""
    transaction.on_commit(lambda: draw_event_pictures.enqueue(instance.pk))
