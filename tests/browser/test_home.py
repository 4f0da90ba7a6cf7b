"""The home page in real Chromium: direction, language switch and web font, on a phone and a desktop."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize(("lang", "direction", "other"), [("ar", "rtl", "en"), ("en", "ltr", "ar")])
def test_home_page_renders_in_language(live_server, demo_site, new_page, screenshot, lang, direction, other, width):
    page = new_page(width=width)
    page.goto(f"{live_server.url}/{lang}/")
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("html").get_attribute("lang") == lang
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "IBM Plex Sans Arabic" in font
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('700 16px \"IBM Plex Sans Arabic\"', 'ملتقى')")
    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    path = screenshot(page, f"home-{lang}-{width}")
    assert path.stat().st_size > 10_000

    if width == 360:
        page.get_by_role("button", name="القائمة" if lang == "ar" else "Menu").click()
    page.locator(f'.language-switch a[data-language="{other}"]').click()
    page.wait_for_url(f"{live_server.url}/{other}/")
    assert page.locator("html").get_attribute("lang") == other
