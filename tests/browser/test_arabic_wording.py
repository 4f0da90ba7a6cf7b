"""The Arabic figures, badges and roles as a visitor sees them, on a phone and a desktop."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_content(demo_site, demo_snapshots):
    """The demo directory and events, built once per session (as in test_directory.py)."""
    from fixtures import events, network

    demo_snapshots.load("network", lambda: network.load(lambda message: None))
    demo_snapshots.load("events", lambda: events.load(lambda message: None))


@pytest.mark.parametrize("width", [360, 1280])
def test_figures_read_right_to_left(live_server, demo_content, new_page, screenshot, width):
    page = new_page(width=width, locale="ar")
    page.goto(f"{live_server.url}/ar/")
    figures = page.locator(".figures").inner_text()
    assert "+100" in figures and "لغتان" in figures and "2 لغتان" not in figures
    screenshot(page, f"arabic-home-figures-{width}")
    page.goto(f"{live_server.url}/ar/directory/")
    figures = page.locator(".directory-figures").inner_text()
    assert "المنظمات" not in figures and "الشبكات" not in figures
    screenshot(page, f"arabic-directory-figures-{width}")
    page.goto(f"{live_server.url}/ar/events/")
    badges = page.locator(".badge-accent").all_inner_texts()
    assert "حضوري" not in badges and "حضوريًا" in badges
    screenshot(page, f"arabic-events-badges-{width}")
