"""Covers, monograms, the place marker and the site search, as a visitor sees them in Arabic
and English, on a phone and on a desktop."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)

QUERIES = {"ar": "الاعلام", "en": "ICSSI"}


@pytest.fixture
def demo(demo_site, demo_snapshots):
    """The demo directory and events (built once per session, as in test_directory.py), indexed."""
    from fixtures import events, network

    demo_snapshots.load("network", lambda: network.load(lambda message: None))
    demo_snapshots.load("events", lambda: events.load(lambda message: None))
    demo_snapshots.load("index", lambda: call_command("update_index", verbosity=0))


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_covers_markers_and_search(live_server, demo, new_page, screenshot, lang, width):
    page = new_page(width=width, locale=lang)

    page.goto(f"{live_server.url}/{lang}/events/")
    cards = page.locator("article.event-card")
    assert cards.count() > 0
    # Every card has a picture: the uploaded one or a generated cover, never an empty box.
    assert page.locator("article.event-card .event-card-image").count() == cards.count()
    first_cover = page.locator("article.event-card .event-cover").first
    assert first_cover.bounding_box()["height"] > 100
    marker = page.locator(".event-card-place svg.place-icon").first
    assert marker.bounding_box()["width"] > 10
    assert no_sideways_scroll(page)
    screenshot(page, f"faces-events-{lang}-{width}")

    page.goto(f"{live_server.url}/{lang}/events/point-iraq-2018/")
    assert page.locator(".event-hero-image .event-cover").is_visible()
    rooms = page.locator(".agenda-room")
    assert rooms.count() > 0 and page.locator(".agenda-room svg.place-icon").count() == rooms.count()
    assert no_sideways_scroll(page)
    screenshot(page, f"faces-event-{lang}-{width}")

    page.goto(f"{live_server.url}/{lang}/directory/organisations/icssi/")
    assert page.locator(".directory-portrait.directory-initial").inner_text().strip() == "ICSSI"
    screenshot(page, f"faces-organisation-{lang}-{width}")

    page.goto(f"{live_server.url}/{lang}/search/?q={QUERIES[lang]}")
    assert page.locator(".search-group").count() >= 1
    assert no_sideways_scroll(page)
    screenshot(page, f"faces-search-{lang}-{width}")
