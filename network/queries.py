"""What a directory card shows, loaded in a fixed number of queries however many cards."""

from django.db.models import Prefetch
from wagtail.images import get_image_model

from network.models import Affiliation

THUMBNAIL = "fill-96x96"


def thumbnails(field, spec=THUMBNAIL):
    return Prefetch(field, queryset=get_image_model().objects.prefetch_renditions(spec))


def organisation_cards(queryset):
    return queryset.prefetch_related(thumbnails("logo"))


def person_cards(queryset):
    """People with their main public affiliation and photo, in a fixed number of queries."""
    affiliations = Affiliation.objects.filter(organisation__is_public=True).select_related("organisation")
    return queryset.prefetch_related(thumbnails("photo"), Prefetch("affiliations", queryset=affiliations))
