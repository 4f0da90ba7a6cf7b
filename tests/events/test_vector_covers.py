"""An event whose cover is a vector picture (SVG, which the picture library accepts and cleans):
its card, its page, the public API and the publishing task show the drawing as it is, since a
vector picture is not turned into WebP or JPEG; link previews take the site's own picture, as
previewers take no SVG."""

import re
from pathlib import Path

import pytest
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file, get_test_image_file_svg

from events.models import EventPage
from events.renditions import draw
from tests.events.test_covers import card_of
from tests.factories.events import event_page, translate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_remembered_renditions")]


@pytest.fixture
def drawing():
    return get_image_model().objects.create(
        title="drawing", file=get_test_image_file_svg("drawing.svg", 1600, 900, "0 0 1600 900")
    )


@pytest.fixture
def vector_event(events_index, drawing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the publishing task's turn
        arabic = event_page(events_index["ar"], title="غلاف مرسوم", slug="drawn", image=drawing)
        return arabic, translate(arabic, title="A drawn cover", slug="drawn")


def svg_renditions(html):
    return re.findall(r'/media/images/drawing[^" ]*\.svg', html)


def test_publishing_draws_the_vector_cover_as_it_is(vector_event, drawing):
    specs = sorted(drawing.renditions.values_list("filter_spec", flat=True))
    # Each size once, as a drawing: no WebP or JPEG versions of it, nor a link preview's.
    assert specs == ["fill-1440x960", "fill-480x270", "fill-640x427", "fill-960x540", "fill-960x640"]
    assert all(name.endswith(".svg") for name in drawing.renditions.values_list("file", flat=True))
    draw(EventPage.objects.get(pk=vector_event[0].pk))  # again: nothing left to draw, nothing fails
    assert drawing.renditions.count() == 5


@pytest.mark.parametrize(("language", "title"), [("ar", "غلاف مرسوم"), ("en", "A drawn cover")])
def test_the_card_shows_the_drawing_in_both_languages(client, vector_event, drawing, language, title):
    response = client.get(f"/{language}/events/")
    assert response.status_code == 200
    card = card_of(response.content.decode(), title)
    assert card.count("<picture>") == 1 and "<source" not in card and "image/webp" not in card
    assert re.search(r'srcset="[^"]*drawing[^"]*\.svg 480w, [^"]*drawing[^"]*\.svg 960w"', card)
    assert "event-cover" not in card
    assert drawing.renditions.count() == 5  # all drawn on publishing, none by the page


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_event_page_shows_the_drawing_and_previews_the_sites_picture(client, vector_event, drawing, language):
    page = vector_event[0] if language == "ar" else vector_event[1]
    html = client.get(page.url).content.decode()
    hero = html.split('class="event-hero-image"')[1].split("</header>")[0]
    assert "<picture>" in hero and "<source" not in hero and "event-cover" not in hero
    assert len(set(svg_renditions(hero))) == 3  # 1440 wide asked: a 1600 × 900 drawing gives 1350
    assert re.search(r'srcset="[^"]*\.svg 640w, [^"]*\.svg 960w, [^"]*\.svg 1350w"', hero)
    assert '<meta property="og:image" content="http://testserver/static/img/share.png">' in html
    structured = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert ".svg" not in structured
    assert drawing.renditions.count() == 5


def test_the_public_api_gives_the_drawings_address(client, vector_event):
    item = client.get(f"/api/v1/events/{vector_event[1].pk}").json()
    assert re.fullmatch(r"http://testserver/media/images/drawing[^/]*\.fill-960x540\.svg", item["image"])
    listed = client.get("/api/v1/events?lang=en").json()["items"]
    assert [one["image"] for one in listed] == [item["image"]]


def test_an_ordinary_cover_keeps_its_webp_and_jpeg_versions(client, events_index, django_capture_on_commit_callbacks):
    photo = get_image_model().objects.create(title="photo", file=get_test_image_file("photo.png", size=(1600, 900)))
    with django_capture_on_commit_callbacks(execute=True):
        event_page(events_index["en"], title="Photographed", slug="photographed", image=photo)
    specs = set(photo.renditions.values_list("filter_spec", flat=True))
    assert {
        "fill-480x270|format-webp",
        "fill-960x540|format-jpeg",
        "fill-1440x960|format-webp",
        "fill-1200x630",
    } <= specs
    card = card_of(client.get("/en/events/").content.decode(), "Photographed")
    assert '<source sizes="(min-width: 48rem) 24rem, 100vw" srcset=' in card and 'type="image/webp"' in card


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_organisation_with_a_vector_logo_shows_it_and_previews_the_sites_picture(client, demo_site, language):
    from tests.factories.network import OrganisationFactory

    organisation = OrganisationFactory(name="Drawn Logo Group", slug="drawn-logo-group")
    organisation.logo = get_image_model().objects.create(
        title="drawing", file=get_test_image_file_svg("drawing.svg", 600, 300, "0 0 600 300")
    )
    organisation.save()
    with translation.override(language):
        url = organisation.get_absolute_url()
    html = client.get(url).content.decode()
    assert f'<html lang="{language}"' in html
    assert re.search(r'srcset="[^"]*drawing[^"]*\.svg 240w, [^"]*drawing[^"]*\.svg 480w"', html)
    assert '<meta property="og:image" content="http://testserver/static/img/share.png">' in html


def test_every_change_of_format_the_site_asks_for_keeps_a_drawing_as_it_is():
    """A size that turns pictures into WebP or JPEG without ``preserve-svg`` fails for every
    SVG in the library: none is written anywhere the site asks for pictures."""
    root = Path(__file__).resolve().parents[2]
    asked = re.compile(r"format-(\{|webp|jpeg|png|avif|gif)")
    found = []
    for folder in ("api", "core", "events", "home", "network", "webhooks", "site"):
        for path in (root / folder).rglob("*"):
            if path.suffix in (".py", ".html", ".txt") and "__pycache__" not in path.parts:
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    if asked.search(line) and 'f"format-' not in line:
                        found.append((str(path.relative_to(root)), number, "preserve-svg" in line))
    assert len(found) >= 4  # the card and the hero, in their templates and in the publishing task's sizes
    assert [(path, number) for path, number, kept in found if not kept] == []
