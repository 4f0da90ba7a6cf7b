"""What a directory card shows, loaded in a fixed number of queries however many cards."""

from django.db.models import Prefetch
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from network.models import Affiliation

# Logos and photos on cards, at 1x and 2x (the templates' srcset_image asks for these).
THUMBNAIL = "fill-{96x96,192x192}"
THUMBNAILS = Filter.expand_spec(THUMBNAIL)


def thumbnails(field):
    return Prefetch(field, queryset=get_image_model().objects.prefetch_renditions(*THUMBNAILS))


def organisation_cards(queryset):
    return queryset.prefetch_related(thumbnails("logo"))


def person_cards(queryset):
    """People with their main public affiliation and photo, in a fixed number of queries."""
    affiliations = Affiliation.objects.filter(organisation__is_public=True).select_related("organisation")
    return queryset.prefetch_related(thumbnails("photo"), Prefetch("affiliations", queryset=affiliations))
