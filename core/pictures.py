"""Pictures read with the rows that show them.

A list that shows a picture per row (event cards, directory cards) reads
the pictures with the rows (``select_related``), then the renditions the page asks for in one
more query, attached where Wagtail's ``prefetch_renditions`` attaches them; the site's picture
tags (``listed_renditions``) and Wagtail's ``get_rendition`` then find them without a query.
So a list of pictures costs one query beyond its rows, however many rows.

A long list already read (an event page's 60 speakers and 25 partners) takes its renditions
with ``attach_renditions`` instead: the same one query, read as plain values, which the
``picture`` tag writes from without building a rendition object per picture.
"""

from functools import lru_cache

from django.db.models import Prefetch
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.images.utils import to_svg_safe_spec

PRESERVE_SVG = "preserve-svg"


@lru_cache(maxsize=256)
def stored_spec(spec, vector=False):
    """The filter a rendition of ``spec`` is kept under, as Wagtail's ``clean_filter_for_svg``
    keeps it without needing the picture: ``preserve-svg`` (a vector picture keeps its sizes
    but is not turned into WebP or JPEG) is left out, and for a vector picture so is every
    change of format."""
    parts = spec.split("|")
    if PRESERVE_SVG not in parts:
        return spec
    return to_svg_safe_spec(parts) if vector else "|".join(one for one in parts if one != PRESERVE_SVG)


@lru_cache(maxsize=256)
def _stored_filter(spec):
    """The filter of ``spec`` a raster picture's rendition is kept under, parsed once."""
    return Filter(spec=stored_spec(spec))


def _stored_specs(specs):
    """The filters ``specs`` (each a spec or a pattern) are kept under, for any picture."""
    expanded = [one for spec in specs for one in Filter.expand_spec(spec)]
    return list(dict.fromkeys(stored_spec(one, vector) for one in expanded for vector in (False, True)))


def with_renditions(queryset, relation, *specs):
    """``queryset`` with the pictures at ``relation`` and their renditions of ``specs`` (each
    a spec or a pattern such as ``fill-{96x96,192x192}``)."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=_stored_specs(specs))
    return queryset.select_related(relation).prefetch_related(
        Prefetch(f"{relation}__renditions", queryset=renditions, to_attr="prefetched_renditions")
    )


def attach_renditions(images, *specs):
    """Reads the renditions of ``specs`` (as ``with_renditions`` takes them) of ``images``,
    already loaded with the rows that show them, in one query of plain values, kept on each
    image with their addresses for the ``picture`` tag: a page of 85 speakers' photos and
    partners' logos builds no rendition object. A rendition not made yet is made when the
    picture is written, as Wagtail does; so are a vector picture's, whose filters Wagtail
    changes."""
    images = [image for image in images if image and not image.is_svg()]
    if not images:
        return
    model = get_image_model().get_rendition_model()
    storage = model._meta.get_field("file").storage
    stored = [stored_spec(one) for spec in specs for one in Filter.expand_spec(spec)]
    rows = model.objects.filter(image__in={image.pk for image in images}, filter_spec__in=stored).values_list(
        "image_id", "filter_spec", "focal_point_key", "file", "width", "height"
    )
    found = {image.pk: {} for image in images}
    for image_id, spec, focal_point_key, name, width, height in rows:
        found[image_id][spec, focal_point_key] = (storage.url(name), width, height)
    for image in images:
        image.listed_renditions = found[image.pk]


def listed_renditions(image, filters):
    """``{spec: (address, width, height)}`` of ``image``'s renditions for ``filters``, keyed as
    Wagtail's ``get_renditions`` keys them, from what ``attach_renditions`` or
    ``with_renditions`` read; None when it read none for it or one is missing (a vector picture's
    are then Wagtail's to find). The rendition that fits is the one Wagtail would pick: of the
    filter's spec and made for the image's focal point as it is now."""
    rows = getattr(image, "listed_renditions", None)
    if rows is None:
        prefetched = getattr(image, "prefetched_renditions", None)
        if prefetched is None:
            return None
        # Read with the rows by ``with_renditions``: kept as ``attach_renditions`` keeps them.
        rows = {(one.filter_spec, one.focal_point_key): (one.url, one.width, one.height) for one in prefetched}
        image.listed_renditions = rows
    picked = {}
    for one in filters:
        stored = _stored_filter(one.spec)
        picked[stored.spec] = rows.get((stored.spec, stored.get_cache_key(image)))
    return None if None in picked.values() else picked
