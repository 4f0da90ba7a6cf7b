"""The browser the tests drive (tests/browser/conftest.py): Playwright's own switches kept, and
no address-bar drop-down loaded as a page of its own in each new window."""

import re
from pathlib import Path

import playwright

from tests.browser.conftest import DISABLED_FEATURES, OMNIBOX_POPUPS, PLAYWRIGHT_DISABLED_FEATURES


def playwrights_own_list():
    """The features the installed Playwright turns off, read from its driver."""
    bundle = (Path(playwright.__file__).parent / "driver/package/lib/coreBundle.js").read_text()
    listed = re.search(r"disabledFeatures = \[(.*?)\]\.filter", bundle, re.DOTALL).group(1)
    code = "\n".join(line.split("//")[0] for line in listed.splitlines())
    return re.findall(r'"([^"]+)"', code)


def test_playwrights_own_disabled_features_are_given_again_with_ours():
    assert sorted(PLAYWRIGHT_DISABLED_FEATURES) == sorted(playwrights_own_list())
    assert set(DISABLED_FEATURES) == set(PLAYWRIGHT_DISABLED_FEATURES) | set(OMNIBOX_POPUPS)


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
