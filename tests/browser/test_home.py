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


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize(("lang", "privacy"), [("ar", "الخصوصية"), ("en", "Privacy")])
def test_footer_leads_to_the_privacy_page(live_server, demo_site, new_page, screenshot, lang, privacy, width):
    page = new_page(width=width)
    page.goto(f"{live_server.url}/{lang}/about/")
    footer = page.locator("footer.site-footer")
    assert footer.locator(".footer-publisher").is_visible()
    assert footer.locator('.footer-contact a[href="mailto:contact@multaqa.example"]').is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    footer.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot(page, f"footer-{lang}-{width}")), clip=footer.bounding_box())
    footer.get_by_role("link", name=privacy, exact=True).click()
    page.wait_for_url(f"{live_server.url}/{lang}/privacy/")
    assert page.locator("h1").inner_text() == privacy
    screenshot(page, f"privacy-{lang}-{width}")
