"""Every kind of picture the library accepts makes a cover: transparent, palette and animated
pictures, print colours (CMYK) and WebP are turned into the card's and the hero's WebP and JPEG
versions, drawn when the event is published, and shown in both languages."""

from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from PIL import Image
from wagtail.images import get_image_model

from tests.events.test_covers import card_of
from tests.factories.events import event_page, translate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_remembered_renditions")]


def _file(kind):
    buffer = BytesIO()
    size = (1200, 700)
    if kind == "transparent.png":
        Image.new("RGBA", size, (15, 94, 102, 90)).save(buffer, "PNG")
    elif kind == "palette.png":
        Image.new("P", size, 3).save(buffer, "PNG")
    elif kind == "grey.png":
        Image.new("LA", size, (120, 200)).save(buffer, "PNG")
    elif kind == "animated.gif":
        frames = [Image.new("P", size, colour) for colour in (1, 2, 3)]
        frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    elif kind == "print.jpg":
        Image.new("CMYK", size, (0, 60, 90, 10)).save(buffer, "JPEG")
    elif kind == "photo.webp":
        Image.new("RGB", size, (200, 90, 40)).save(buffer, "WEBP")
    return ImageFile(buffer, name=kind)


@pytest.mark.parametrize(
    "kind", ["transparent.png", "palette.png", "grey.png", "animated.gif", "print.jpg", "photo.webp"]
)
def test_a_cover_of_any_accepted_kind_is_drawn_and_shown(
    client, events_index, kind, django_capture_on_commit_callbacks
):
    picture = get_image_model().objects.create(title=kind, file=_file(kind))
    with django_capture_on_commit_callbacks(execute=True):  # publishing draws the pictures
        arabic = event_page(events_index["ar"], title="غلاف", slug="cover", image=picture)
        english = translate(arabic, title="Covered", slug="cover")
    specs = set(picture.renditions.values_list("filter_spec", flat=True))
    assert {"fill-480x270|format-webp", "fill-960x540|format-jpeg", "fill-1440x960|format-jpeg"} <= specs
    for rendition in picture.renditions.filter(filter_spec__contains="format-"):
        with rendition.file.open() as drawn, Image.open(drawn) as opened:
            assert opened.format == rendition.filter_spec.rsplit("format-", 1)[1].upper()
    for page, title in ((arabic, "غلاف"), (english, "Covered")):
        card = card_of(client.get(f"/{page.locale.language_code}/events/").content.decode(), title)
        assert 'type="image/webp"' in card and ".jpg 960w" in card
        hero = client.get(page.url).content.decode().split('class="event-hero-image"')[1]
        assert ".jpg 960w" in hero and ".jpg 1050w" in hero  # 1440 × 960 asked of a 1200 × 700 picture
