"""What link previews (Open Graph) show of a page: its title, description, address and picture."""

from django.templatetags.static import static
from django.utils.translation import get_language

OG_LOCALES = {"ar": "ar_IQ", "en": "en_GB"}
SHARE_IMAGE = "fill-1200x630"


def share_image(image, request, spec=SHARE_IMAGE):
    """An absolute rendition of ``image`` for previews, with its size; None without an image."""
    if image is None:
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
