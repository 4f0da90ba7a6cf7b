"""The page for an address that cannot be used, in real Chromium: in the visitor's language and
direction, readable on a phone and a desktop."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGES = {
    "ar": "يحتوي العنوان أو نص البحث على محرف لا يصلح في عناوين الويب.",
    "en": "The address or the search holds a character that web addresses cannot carry.",
}


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_a_search_that_cannot_be_used_is_explained(
    live_server, demo_site, new_page, screenshot, lang, direction, width
):
    page = new_page(width=width, locale=lang)
    response = page.goto(f"{live_server.url}/{lang}/search/?q=%00")
    assert response.status == 400
    assert page.locator("html").get_attribute("dir") == direction
    assert MESSAGES[lang] in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"bad-request-{lang}-{width}")
    page.locator(f'main a[href="/{lang}/"]').click()
    page.wait_for_url(f"{live_server.url}/{lang}/")
