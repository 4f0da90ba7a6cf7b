"""No English left in an Arabic page and no Arabic in an English one: in the chrome (header,
navigation, footer, title, skip link) of every listed page, and in the whole of the account pages.

Text marked as being in another language (the language switch says "English" with lang="en") and
decorative text hidden from assistive technology (the brand's letter mark) are allowed."""

import re

import pytest
from bs4 import BeautifulSoup

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
ARABIC_WORD = re.compile(r"[\u0600-\u06ff]{2,}")
EMAIL = re.compile(r"\S+@\S+\.\w+")
FOREIGN = {"ar": LATIN_WORD, "en": ARABIC_WORD}
ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")

pytestmark = pytest.mark.django_db  # the test database must exist for the pages to be rendered


def readable_text(element, lang):
    """What a reader sees or hears in ``element``: its text and labelling attributes, without
    scripts, parts marked as another language, and decorative parts."""
    element = BeautifulSoup(str(element), "html.parser")
    for node in element.find_all(["script", "style", "template"]):
        node.decompose()
    for node in element.find_all(attrs={"aria-hidden": "true"}):
        node.decompose()
    for node in element.find_all(lang=True):
        if node["lang"] != lang:
            node.decompose()
    parts = [element.get_text(" ")]
    for node in element.find_all(True):
        parts += [node[name] for name in ATTRIBUTES if node.has_attr(name)]
        if node.name == "input" and node.get("type") in {"submit", "button"}:
            parts.append(node.get("value", ""))
    return EMAIL.sub(" ", " ".join(parts))


def chrome_of(soup):
    return [soup.title, soup.find(class_="skip-link"), soup.find("header"), soup.find("footer")]


def foreign_words(html, lang, whole_page):
    soup = BeautifulSoup(html, "html.parser")
    parts = [soup.find("main")] if whole_page else []
    parts += chrome_of(soup)
    missing = [part for part in parts if part is None]
    assert not missing, "the page lacks part of the site chrome"
    text = " ".join(readable_text(part, lang) for part in parts)
    return sorted(set(FOREIGN[lang].findall(text)))


def test_chrome_speaks_the_page_language(rendered_pages):
    leftovers = {}
    for page, lang, url, html in rendered_pages:
        assert f'<html lang="{lang}"' in html, url
        if not page.chrome:
            continue
        words = foreign_words(html, lang, whole_page=False)
        if words:
            leftovers[url] = words
    assert not leftovers, leftovers


def test_account_pages_speak_the_page_language_throughout(rendered_pages):
    account_pages = [(url, lang, html) for page, lang, url, html in rendered_pages if "/accounts/" in url]
    assert len(account_pages) >= 20
    leftovers = {}
    for url, lang, html in account_pages:
        words = foreign_words(html, lang, whole_page=True)
        if words:
            leftovers[url] = words
    assert not leftovers, leftovers


def test_the_check_notices_a_leftover():
    """The checker itself: an English word in an Arabic header is caught, a marked one is not."""
    page = (
        '<html lang="ar"><head><title>ملتقى</title></head><body><a class="skip-link">تخطَّ</a>'
        "<header>{}</header><main></main><footer></footer></body></html>"
    )
    assert foreign_words(page.format("<a>Events</a>"), "ar", whole_page=False) == ["Events"]
    assert foreign_words(page.format('<a lang="en">English</a>'), "ar", whole_page=False) == []
    assert foreign_words(page.format('<span aria-hidden="true">M</span><a>الفعاليات</a>'), "ar", False) == []
