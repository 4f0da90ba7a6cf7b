"""The browser the tests drive (tests/browser/conftest.py): Playwright's own switches kept, and
no address-bar drop-down loaded as a page of its own in each new window."""

from tests.browser.conftest import DISABLED_FEATURES, OMNIBOX_POPUPS, PLAYWRIGHT_DISABLED_FEATURES


def test_playwrights_disabled_features_are_kept_with_ours():
    assert DISABLED_FEATURES[: len(PLAYWRIGHT_DISABLED_FEATURES)] == PLAYWRIGHT_DISABLED_FEATURES
    assert set(OMNIBOX_POPUPS) <= set(DISABLED_FEATURES)


def test_a_new_window_loads_no_browser_pages_of_its_own(browser):
    session = browser.new_browser_cdp_session()
    context = browser.new_context()
    try:
        context.new_page().goto("about:blank")
        targets = session.send("Target.getTargets")["targetInfos"]
    finally:
        context.close()
        session.detach()
    assert [target["url"] for target in targets if target["type"] == "page"] == ["about:blank"]
    assert [target["url"] for target in targets if target["type"] == "browser_ui"] == []
