"""The events widget on a partner's site, in a real browser: a partner copies the snippet from
the builder page, pastes it into a plain page served from another address, and its visitors
see the organisation's upcoming events in a frame that takes the height of its content, in
Arabic (right to left) and in English, on a phone and on a desktop; nothing is asked of any
third site, no cookie is left, and an event opens on Multaqa in the visitor's tab. The plain
frame works where a partner's page allows no scripts."""

import datetime as dt
import functools
from http.server import SimpleHTTPRequestHandler
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from tests.browser.test_axe import AXE, BLOCKING, POLICY, axe_violations
from tests.factories.events import event_page, translate
from tests.factories.network import OrganisationFactory
from tests.local_servers import serving

pytestmark = pytest.mark.django_db(transaction=True)

PARTNER_PAGE = """<!DOCTYPE html>
<html lang="{lang}" dir="{direction}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
  body {{ margin: 0; font-family: Georgia, serif; background: #fbf8f1; color: #222; }}
  header {{ background: #3d2b1f; color: #fff; padding: 1rem 1.5rem; }}
  main {{ max-width: 760px; margin: 0 auto; padding: 1rem 1.5rem; }}
</style></head>
<body>
<header><strong>{title}</strong></header>
<main>
<p>{intro}</p>
{snippet}
<p>{outro}</p>
</main>
</body>
</html>
"""

TEXTS = {
    "ar": {
        "title": "جمعية الأمل العراقية",
        "intro": "هذه صفحة موقعنا. فعالياتنا القادمة:",
        "outro": "شكرًا لزيارتكم.",
        "events": ["ملتقى الحوار في البصرة", "ورشة الإعلام المجتمعي"],
        "other": "منتدى لا علاقة لنا به",
        "heading": "الفعاليات القادمة مع جمعية الأمل العراقية",
        "offer": "احصل على الشيفرة",
    },
    "en": {
        "title": "Iraqi Al-Amal Association",
        "intro": "This is our own website. Our upcoming events:",
        "outro": "Thank you for visiting.",
        "events": ["Dialogue forum in Basra", "Community media workshop"],
        "other": "A forum we have nothing to do with",
        "heading": "Upcoming events with Iraqi Al-Amal Association",
        "offer": "Get the snippet",
    },
}


def soon(days):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    return {"start": start, "end": start + dt.timedelta(hours=6)}


@pytest.fixture
def partner_events(demo_site):
    organisation = OrganisationFactory(name=TEXTS["en"]["title"], name_ar=TEXTS["ar"]["title"], slug="al-amal")
    for number, days in enumerate((12, 30)):
        page = event_page(title=TEXTS["ar"]["events"][number], partners=[(organisation, "organiser")], **soon(days))
        translate(page, title=TEXTS["en"]["events"][number], slug=page.slug)
    other = event_page(title=TEXTS["ar"]["other"], **soon(5))
    translate(other, title=TEXTS["en"]["other"], slug=other.slug)
    return organisation


@pytest.fixture
def partner_site(tmp_path):
    """A plain web server on another port of 127.0.0.1 serving the partner's pages from a folder:
    ``publish(name, html)`` writes one and returns its address."""
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    with serving(handler) as server:

        def publish(name, html):
            (tmp_path / name).write_text(html, encoding="utf-8")
            return f"http://127.0.0.1:{server.server_port}/{name}"

        yield publish


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the name http.server calls it with
        pass


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def fitted(page, frame_element, frame, attempts=50):
    """The frame's height and its content's, once they agree (fonts and images may still be
    arriving when the first height is reported)."""
    for _attempt in range(attempts):
        frame_height = frame_element.evaluate("element => element.getBoundingClientRect().height")
        content_height = frame.locator("html").evaluate("element => element.getBoundingClientRect().height")
        if abs(frame_height - content_height) <= 1:
            break
        page.wait_for_timeout(100)
    return frame_height, content_height


def snippet_from_builder(page, live_server, lang, element):
    """What a partner copies from the builder page (in English), for an Arabic or English widget."""
    page.goto(f"{live_server.url}/en/widget/?organisation=al-amal&lang={lang}")
    return page.locator(f"#snippet-{element}").input_value()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_partner_page_shows_the_organisations_events_in_a_frame_that_fits(
    live_server, partner_events, partner_site, new_page, screenshot, lang, width
):
    text = TEXTS[lang]
    page = new_page(width=width, height=800, locale=lang)
    # The organisation's directory page leads its staff to the builder, their organisation chosen.
    page.goto(f"{live_server.url}/{lang}/directory/organisations/al-amal/")
    offer = page.get_by_role("link", name=text["offer"])
    screenshot(page, f"widget-offer-{lang}-{width}")
    offer.click()
    page.wait_for_url(f"{live_server.url}/{lang}/widget/?organisation=al-amal")
    snippet = page.locator("#snippet-script").input_value()
    # The builder previews the widget with the very snippet it gives.
    preview = page.frame_locator(".widget-preview iframe")
    assert preview.locator(".event-card h3").all_inner_texts() == text["events"]
    page.wait_for_function("document.querySelector('.widget-preview iframe').style.height.endsWith('px')")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"widget-builder-{lang}-{width}")
    assert snippet.startswith(f'<script src="{live_server.url}/static/events/widget/widget.js"')
    page.context.clear_cookies()
    address = partner_site(
        f"partner-{lang}.html",
        PARTNER_PAGE.format(
            lang=lang,
            direction="rtl" if lang == "ar" else "ltr",
            title=text["title"],
            intro=text["intro"],
            outro=text["outro"],
            snippet=snippet,
        ),
    )
    assert origin(address) != origin(live_server.url)

    requested, refused = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: refused.append(message.text) if POLICY in message.text else None)
    page.goto(address)
    frame_element = page.locator("iframe.multaqa-events-widget")
    frame = page.frame_locator("iframe.multaqa-events-widget")
    frame.locator(".event-card").first.wait_for()
    assert frame.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert frame.locator("html").get_attribute("lang") == lang
    assert frame.locator(".widget-heading").inner_text() == text["heading"]
    assert frame.locator(".event-card h3").all_inner_texts() == text["events"]

    # The frame takes the height of its content: no scroll bar inside, nothing cut off.
    page.wait_for_function("document.querySelector('iframe.multaqa-events-widget').style.height.endsWith('px')")
    frame_height, content_height = fitted(page, frame_element, frame)
    assert abs(frame_height - content_height) <= 1, (frame_height, content_height)
    assert frame_height > 320  # taller than before it reported its height
    assert frame.locator("html").evaluate("element => element.scrollHeight <= window.innerHeight + 1")
    assert frame_element.get_attribute("title") == f"{text['heading']} · {'ملتقى' if lang == 'ar' else 'Multaqa'}"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"widget-partner-{lang}-{width}")

    # Nothing went to a third site, and the partner's page holds no cookie afterwards.
    assert {origin(url) for url in requested} <= {origin(address), origin(live_server.url)}, requested
    assert any("/embed/events/" in url for url in requested)
    assert page.evaluate("document.cookie") == ""
    assert page.context.cookies() == []
    assert not refused, refused

    # An event opens on Multaqa, in the visitor's own tab.
    frame.get_by_role("link", name=text["events"][0]).click()
    page.wait_for_url(f"{live_server.url}/{lang}/events/**")
    assert page.locator("h1").inner_text() == text["events"][0]


def test_the_plain_frame_works_on_a_page_that_allows_no_scripts(
    live_server, partner_events, partner_site, new_page, screenshot
):
    page = new_page(width=1280, height=900, locale="en")
    snippet = snippet_from_builder(page, live_server, "en", "iframe")
    page.context.clear_cookies()
    strict = PARTNER_PAGE.replace(
        "<head>", '<head><meta http-equiv="Content-Security-Policy" content="script-src \'none\'">'
    )
    address = partner_site(
        "partner-plain.html",
        strict.format(lang="en", direction="ltr", title="Plain partner", intro="Events:", outro="", snippet=snippet),
    )
    page.goto(address)
    frame = page.frame_locator("iframe")
    frame.locator(".event-card").first.wait_for()
    assert frame.locator(".event-card h3").all_inner_texts() == TEXTS["en"]["events"]
    assert page.locator("iframe").evaluate("element => element.getBoundingClientRect().height") == 600
    assert page.context.cookies() == []
    screenshot(page, "widget-partner-plain-en-1280")


def test_a_bad_snippet_shows_why_in_the_frame(live_server, partner_events, partner_site, new_page):
    page = new_page(width=360, locale="en")
    source = f"{live_server.url}/static/events/widget/widget.js"
    script = f'<script src="{source}" data-lang="en" data-organisation="al-amel" async></script>'
    address = partner_site(
        "partner-typo.html",
        PARTNER_PAGE.format(lang="en", direction="ltr", title="Typo", intro="", outro="", snippet=script),
    )
    page.goto(address)
    frame = page.frame_locator("iframe.multaqa-events-widget")
    message = frame.get_by_role("alert")
    message.wait_for()
    assert "There is no organisation “al-amel” in the directory." in message.inner_text()
    assert page.context.cookies() == []


@pytest.mark.skipif(not AXE.exists(), reason="needs the axe-core npm package (`make test` installs it)")
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_frame_and_the_builder_are_accessible_and_keep_the_policy(live_server, partner_events, new_page, lang):
    page = new_page(width=1280, locale=lang)
    refused = []
    page.on("console", lambda message: refused.append(message.text) if POLICY in message.text else None)
    for url, ready in (
        (f"/embed/events/?lang={lang}&organisation=al-amal", ".event-card"),
        (f"/{lang}/widget/?organisation=al-amal", ".widget-preview iframe"),
    ):
        page.goto(f"{live_server.url}{url}")
        page.locator(ready).first.wait_for()
        blocking = [(v["id"], v["help"]) for v in axe_violations(page) if v["impact"] in BLOCKING]
        assert not blocking, (url, blocking)
    page.frame_locator(".widget-preview iframe").locator(".event-card").first.wait_for()
    assert not refused, refused
