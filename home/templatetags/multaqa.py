"""Template helpers for the site chrome: language switch links, active navigation, pictures."""

import html
from functools import lru_cache

from django import template
from django.apps import apps
from django.conf import settings
from django.urls import translate_url
from django.utils.dateparse import parse_datetime
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from core.pictures import listed_renditions
from events.translation import translation_of

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every language: its translation for Wagtail pages, else the same
    path under the other language prefix. Untranslated pages fall back to the home page."""
    request = context["request"]
    page = context.get("page")
    if page is not None and not request.path_info.startswith(getattr(page, "url", None) or "//"):
        page = None  # a page the view shows (a registration's event), not the page asked for
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    links = []
    for code, _name in settings.LANGUAGES:
        if page is not None and hasattr(page, "get_translations"):
            translation = translation_of(page, code)
            # The filters stay; a page number of one language's list may not exist in the other.
            url = _with_query(translation.url, request, code, drop=("page", "archive")) if translation else f"/{code}/"
        else:
            url = _with_query(translate_url(request.path, code), request, code)
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "current": code == current,
            }
        )
    return links


def _with_query(url, request, code, drop=()):
    """``url`` with the request's query, less ``drop``; a page to come back to after signing
    in (``next``) in language ``code`` too."""
    query = request.GET.copy()
    for name in drop:
        query.pop(name, None)
    if query.get("next", "").startswith("/"):
        query["next"] = translate_url(query["next"], code)
    encoded = query.urlencode()
    return f"{url}?{encoded}" if encoded else url


@register.filter
def is_active(nav_item, request):
    url = nav_item.get("url") or ""
    return bool(url) and request.path.startswith(url) and url.count("/") > 2


# The site's small icons, drawn inline (no request, no icon font), as ``{% icon "place" size=15 %}``:
# the drawing and how it is painted. A tag instead of an included template, since an event
# index writes one on every card and an agenda one on every session.
ICONS = {
    "place": (
        'fill="currentColor"',
        '<path d="M12 2a7 7 0 0 0-7 7c0 5 7 13 7 13s7-8 7-13a7 7 0 0 0-7-7z'
        'm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z"/>',
    ),
    "clock": (
        'fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"',
        '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3.5 2"/>',
    ),
    "file": (
        'fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"',
        '<path d="M6 2.5h8l4.5 4.5v14.5H6z"/><path d="M14 2.5V7h4.5M9 12.5h6M9 16.5h6"/>',
    ),
    "play": (
        'fill="none" stroke="currentColor" stroke-width="2"',
        '<circle cx="12" cy="12" r="9"/><path d="M10 8.5v7l6-3.5z" fill="currentColor"/>',
    ),
    "link": (
        'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"',
        '<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1.2 1.2"/>'
        '<path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1.2-1.2"/>',
    ),
}


@register.filter
def from_iso(value):
    """A date and time written as ISO 8601 (the plain values "My data" is built from) as a
    datetime, for the ``date`` and ``time`` filters to show in the site's zone; "" if unreadable."""
    try:
        return parse_datetime(value or "") or ""
    except ValueError:
        return ""


@register.simple_tag
def icon(name, size=18, **attributes):
    """The icon ``name`` of ``ICONS``, ``size`` pixels square, hidden from screen readers (the
    text beside it says the same); ``class`` adds to its own class, ``{name}-icon``."""
    return _icon(name, int(size), attributes.get("class", ""))


@lru_cache(maxsize=32)
def _icon(name, size, extra_class):
    paint, drawing = ICONS[name]
    classes = html.escape(f"{name}-icon {extra_class}".strip())
    return mark_safe(  # noqa: S308 - the drawings are constants, the class is escaped
        f'<svg aria-hidden="true" class="{classes}" viewBox="0 0 24 24" width="{size}" height="{size}" {paint}>'
        f"{drawing}</svg>"
    )


@lru_cache(maxsize=64)
def _filters(spec):
    """The filters of ``spec`` (``fill-{160x160,320x320}``), parsed once per process: Wagtail
    parses a filter's operations on first use, and its own tag makes new filters each time."""
    return tuple(Filter(spec=each) for each in Filter.expand_spec(spec))


def _attributes(attrs):
    """``attrs`` as HTML attributes, as Django's ``flatatt`` writes them: valued ones sorted
    by name, each escaped, then the true ones alone; false and None left out."""
    valued = sorted((key, value) for key, value in attrs.items() if not isinstance(value, bool) and value is not None)
    alone = sorted(key for key, value in attrs.items() if value is True)
    return "".join(f' {key}="{html.escape(str(value))}"' for key, value in valued) + "".join(f" {key}" for key in alone)


def _sources(image, filters):
    """``{spec: (address, width, height)}`` of ``image``'s renditions for ``filters``, keyed as
    Wagtail keys them: those read with the image (core.pictures) when they are all there,
    otherwise Wagtail's, as its tags find them (a missing one made; a vector picture's sizes
    once each; a picture whose file is lost drawn as "not found" instead of failing the page).
    Each address is asked of the storage once: a page of 85 pictures spent a tenth of its time
    rebuilding the same attributes."""
    sources = listed_renditions(image, filters)
    if sources is None:
        renditions = get_renditions_or_not_found(image, filters)
        # Whole pixels: a drawing Wagtail has just made is measured in fractions until read again.
        sources = {spec: (r.url, int(r.width), int(r.height)) for spec, r in renditions.items()}
    return sources


def _img(sources, attributes, image):
    """What Wagtail's ``ResponsiveImage`` writes: the first rendition's address and size, and a
    srcset of widths when there are several."""
    (url, width, height), *_others = sources
    attrs = {"src": url, "width": width, "height": height}
    attrs.update(apps.get_app_config("wagtailimages").default_attrs)
    if len(sources) > 1:
        attrs["srcset"] = _srcset(sources)
    attrs.update(attributes)
    attrs.setdefault("alt", image.default_alt_text)
    return f"<img{_attributes(attrs)}>"


def _srcset(sources):
    """Widths for the browser to choose from; a lone rendition's address alone."""
    if len(sources) == 1:
        return sources[0][0]
    return ", ".join(f"{url} {width}w" for url, width, _height in sources)


@register.simple_tag
def picture(image, spec, **attributes):
    """Wagtail's ``srcset_image``, for the long lists of pictures (an agenda's speakers, a
    directory page): ``{% picture person.photo "fill-{96x96,192x192}" sizes="56px" alt="" %}``.
    Renditions read with the image (core.pictures) are used as they are."""
    if not image:
        return ""
    sources = list(_sources(image, _filters(spec)).values())
    return mark_safe(_img(sources, attributes, image))  # noqa: S308 - every value is escaped


# The order of a <picture>'s sources, the browser taking the first it reads; the last format
# present is the fallback <img> (Wagtail's ``Picture.source_format_order``).
FORMATS = [(each.name, each.mime_type) for each in Picture.source_format_order]


@register.simple_tag
def picture_element(image, spec, **attributes):
    """Wagtail's ``picture`` tag (a ``<picture>`` with a source per format), for lists of cards:
    ``{% picture_element event.image "fill-{480x270,960x540} format-{webp,jpeg} preserve-svg" sizes="100vw"
    alt="" %}``, written the same, from the renditions read with the pictures (core.pictures)
    without building Wagtail's objects for each."""
    if not image:
        return ""
    sources = _sources(image, _filters(spec))
    by_format = {}
    for key, source in sources.items():
        name = next((name for name, _type in FORMATS if f"format-{name}" in key), None)
        if name is not None:
            by_format.setdefault(name, []).append(source)
    if len(by_format) < 2:  # one format, or a vector picture's sizes
        return mark_safe(f"<picture>{_img(list(sources.values()), attributes, image)}</picture>")  # noqa: S308
    fallback = next(name for name, _type in reversed(FORMATS) if name in by_format)
    others = [
        f"<source{_attributes({'srcset': _srcset(by_format[name]), 'sizes': attributes.get('sizes'), 'type': kind})}>"
        for name, kind in FORMATS
        if name != fallback and name in by_format
    ]
    return mark_safe(f"<picture>{''.join(others)}{_img(by_format[fallback], attributes, image)}</picture>")  # noqa: S308
