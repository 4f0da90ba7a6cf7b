"""Pictures read with the rows that show them.

A list that shows a picture per row (event cards, speakers, partners, directory cards) reads
the pictures with the rows (``select_related``), then the renditions the page asks for in one
more query, attached where Wagtail's ``prefetch_renditions`` attaches them; the templates'
``get_rendition`` then finds them without a query. So a list of pictures costs one query
beyond its rows, however many rows.
"""

from django.db.models import Prefetch
from wagtail.images import get_image_model
from wagtail.images.models import Filter


def with_renditions(queryset, relation, *specs):
    """``queryset`` with the pictures at ``relation`` and their renditions of ``specs`` (each
    a spec or a pattern such as ``fill-{96x96,192x192}``)."""
    expanded = [one for spec in specs for one in Filter.expand_spec(spec)]
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=expanded)
    return queryset.select_related(relation).prefetch_related(
        Prefetch(f"{relation}__renditions", queryset=renditions, to_attr="prefetched_renditions")
    )
