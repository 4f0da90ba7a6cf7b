"""Browser tests: real Chromium (Debian's package) driven by Playwright against the live server.

Screenshots go to test-artifacts/screenshots/ so a person can look at what the test saw.
"""

import os
import re
from pathlib import Path

import playwright
import pytest

# Playwright's sync API keeps an event loop in this thread; Django's guard against ORM calls
# from async code would otherwise refuse the test's own database set-up.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# Every new window of Debian's Chromium loads its address bar's drop-down as a web page of its
# own (chrome://omnibox-popup.top-chrome/) in a renderer process: a tenth of a second of
# processor for each test's page, never shown headless.
OMNIBOX_POPUPS = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "WebUIOmniboxFullPopup"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def playwrights_disabled_features():
    """The features the installed Playwright turns off, read from its driver: a second
    --disable-features replaces Playwright's own, so its list is given again with ours."""
    bundle = (Path(playwright.__file__).parent / "driver/package/lib/coreBundle.js").read_text()
    listed = re.search(r"disabledFeatures = \[(.*?)\]\.filter", bundle, re.DOTALL)
    if listed is None:
        raise RuntimeError("Playwright's list of disabled features was not found in its driver.")
    code = "\n".join(line.split("//")[0] for line in listed.group(1).splitlines())
    return re.findall(r'"([^"]+)"', code)


def chromium_args():
    return [*CHROMIUM_ARGS, "--disable-features=" + ",".join([*playwrights_disabled_features(), *OMNIBOX_POPUPS])]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=chromium_args())
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Opens pages at a given width; closes them after the test."""
    contexts = []

    def open_page(width=1280, height=900, locale="ar"):
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    """Saves a full-page screenshot as a test artefact and returns its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
