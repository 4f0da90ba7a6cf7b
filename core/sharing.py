"""What link previews (Open Graph) and search engines (JSON-LD) are told of a page: its title,
description, address and picture."""

import json

from django.templatetags.static import static
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

OG_LOCALES = {"ar": "ar_IQ", "en": "en_GB"}
SHARE_IMAGE = "fill-1200x630"


def share_image(image, request, spec=SHARE_IMAGE):
    """An absolute rendition of ``image`` for previews, with its size; None without an image or
    when it is a vector picture, which link previewers do not take."""
    if image is None or image.is_svg():
        return None
    rendition = image.get_rendition(spec)
    return {"url": request.build_absolute_uri(rendition.url), "width": rendition.width, "height": rendition.height}


def site_share_image(request):
    """The site's own preview picture (drawn by scripts/build-share-image.py), for pages
    without one of their own: link previewers do not take the SVG covers."""
    return {"url": request.build_absolute_uri(static("img/share.png")), "width": 1200, "height": 630}


def open_graph(request, title, description="", url="", image=None, kind="website"):
    language = (get_language() or "ar")[:2]
    return {
        "type": kind,
        "title": title,
        "description": description,
        "url": url or request.build_absolute_uri(),
        "locale": OG_LOCALES.get(language, language),
        "alternate_locales": [code for lang, code in OG_LOCALES.items() if lang != language],
        "image": image or site_share_image(request),
    }


def json_ld_script(data):
    """``data`` in a ``<script type="application/ld+json">`` element, safe to place in HTML:
    ``<``, ``>`` and ``&`` written as JSON escapes, so that no text in it can end the element."""
    payload = json.dumps(data, ensure_ascii=False)
    # Three replacements: str.translate looks up every character of an agenda's 20,000.
    payload = payload.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 - escaped above
