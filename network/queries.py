"""What a directory card shows, loaded in a fixed number of queries however many cards."""

from django.db.models import Prefetch
from wagtail.images.models import Filter

from core.pictures import with_renditions
from network.models import Affiliation

# Logos and photos on cards, at 1x and 2x (the templates' srcset_image asks for these).
THUMBNAIL = "fill-{96x96,192x192}"
THUMBNAILS = Filter.expand_spec(THUMBNAIL)


def thumbnails(queryset, relation):
    """``queryset`` with the card pictures at ``relation`` and their renditions."""
    return with_renditions(queryset, relation, THUMBNAIL)


def organisation_cards(queryset):
    return thumbnails(queryset, "logo")


def person_cards(queryset):
    """People with their main public affiliation and photo, in a fixed number of queries."""
    affiliations = Affiliation.objects.filter(organisation__is_public=True).select_related("organisation")
    return thumbnails(queryset, "photo").prefetch_related(Prefetch("affiliations", queryset=affiliations))
