"""Pictures on cards, heroes and link previews: uploaded ones as responsive WebP and JPEG,
otherwise a cover drawn from the event's kind and title; the place marker drawn as SVG."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from events.covers import PALETTES, cover
from tests.factories.events import event_page, image
from tests.factories.network import OrganisationFactory, PersonFactory
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db


def card_of(html, title):
    for card in re.findall(r'<article class="card event-card.*?</article>', html, re.S):
        if title in card:
            return card
    raise AssertionError(f"no card for {title}")


def test_without_an_image_a_card_shows_a_cover_with_initials_and_kind(client, events_index):
    event_page(events_index["ar"], title="الورشة الوطنية للإعلام", kind="workshop", slug="media-workshop")
    event_page(events_index["en"], title="Dr. Hana's Open Data Clinic", kind="workshop", slug="data-clinic")
    arabic = card_of(client.get("/ar/events/").content.decode(), "الورشة الوطنية للإعلام")
    assert "<img" not in arabic
    assert '<svg class="event-cover"' in arabic
    assert ">و و</text>" in arabic  # the article skipped in both words
    assert ">ورشة عمل</text>" in arabic
    assert PALETTES["workshop"][0] in arabic
    english = card_of(client.get("/en/events/").content.decode(), "Open Data Clinic")
    assert ">HO</text>" in english and ">Workshop</text>" in english
    assert "http" not in english.split('<svg class="event-cover"')[1].split("</svg>")[0].replace(
        "http://www.w3.org/2000/svg", ""
    )


def test_a_cover_is_the_same_every_time_and_follows_kind_and_title(events_index):
    first = event_page(events_index["en"], title="Peace Forum", kind="forum", slug="peace-forum")
    again = cover(first)
    assert cover(first) == again
    first.kind = "webinar"
    assert cover(first).start == PALETTES["webinar"][0] and cover(first).motif == "waves"
    first.title = "Another title"
    assert cover(first).shapes != again.shapes or cover(first).monogram != again.monogram


def test_an_uploaded_image_is_a_picture_with_webp_and_two_widths(client, events_index):
    event_page(events_index["en"], title="Pictured", slug="pictured", image=image("wide", size=(1600, 900)))
    card = card_of(client.get("/en/events/").content.decode(), "Pictured")
    assert "<picture>" in card and 'type="image/webp"' in card
    assert re.search(r"srcset=\"[^\"]*480w[^\"]*960w", card)
    assert "event-cover" not in card


def test_event_hero_uses_the_image_or_the_cover_and_previews_the_image(client, events_index):
    plain = event_page(events_index["en"], title="Plain", slug="plain", kind="meeting")
    pictured = event_page(events_index["en"], title="Hero", slug="hero", image=image("hero", size=(1600, 1000)))
    html = client.get(plain.url).content.decode()
    hero = html.split('class="event-hero-image"')[1].split("</header>")[0]
    assert '<svg class="event-cover"' in hero and ">Meeting</text>" in hero
    # Link previewers take no SVG: the site's own picture stands in for the drawn cover.
    assert '<meta property="og:image" content="http://testserver/static/img/share.png">' in html
    assert '<meta property="og:image:height" content="630">' in html
    html = client.get(pictured.url).content.decode()
    hero = html.split('class="event-hero-image"')[1].split("</header>")[0]
    assert "<picture>" in hero and 'type="image/webp"' in hero and "event-cover" not in hero
    assert re.search(r'<meta property="og:image" content="http://testserver/media/[^"]+"', html)
    assert "static/img/share.png" not in html
    assert '<meta property="og:image:width" content="1200">' in html


def test_the_place_marker_is_drawn_not_a_missing_glyph(client, events_index):
    page = event_page(
        events_index["en"],
        title="With rooms",
        slug="with-rooms",
        sessions=[
            {"title": "Opening", "kind": "talk", "room": "Main hall", "start": "2030-05-10T09:00+03:00"}
            | {"end": "2030-05-10T10:00+03:00"}
        ],
    )
    html = client.get(page.url).content.decode()
    room = re.search(r'<span class="agenda-room">(.*?)</span>', html, re.S).group(1)
    assert '<svg aria-hidden="true" class="place-icon"' in room and "Main hall" in room
    card = card_of(client.get("/en/events/").content.decode(), "With rooms")
    assert 'class="place-icon"' in re.search(r'event-card-place">(.*?)</p>', card, re.S).group(1)
    stylesheets = [Path(settings.BASE_DIR, "events/static/events/events.css").read_text()]
    assert not any("\u2316" in text for text in stylesheets + [html])
    # The hero's clock is drawn too: "◷" is in none of the shipped fonts either.
    when = re.search(r'<p class="event-hero-when">(.*?)</p>', html, re.S).group(1)
    assert '<svg aria-hidden="true" class="clock-icon event-icon"' in when
    assert "\u25f7" not in html


def test_directory_previews_show_logo_and_consenting_photo(client):
    organisation = OrganisationFactory(name="Logo Group", slug="logo-group")
    organisation.logo = image("logo", size=(300, 300))
    organisation.save()
    person = PersonFactory(name="Pictured Person", slug="pictured-person")
    person.photo = image("photo", size=(300, 300))
    person.save()
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert re.search(r'<meta property="og:image" content="http://testserver/[^"]+"', html)
    assert 'srcset="' in html and "192w" not in html  # the logo keeps its shape: max-240 and max-480
    html = client.get(person.get_absolute_url()).content.decode()
    assert '<meta property="og:type" content="profile">' in html
    assert re.search(r'<meta property="og:image" content="http://testserver/[^"]+"', html)
    assert person.email not in html and person.phone not in html
    person.public_profile = False
    person.save()
    url = person.get_absolute_url()
    assert_not_found(client.get(url), url.split("/")[1], hides=["Pictured Person", person.name_ar, person.email])
    listing = client.get("/en/directory/people/").content.decode()
    assert "Pictured Person" not in listing
