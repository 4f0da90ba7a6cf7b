"""The browser the tests drive (tests/browser/conftest.py): Playwright's own switches kept, and
no address-bar drop-down loaded as a page of its own in each new window."""

from pathlib import Path

from tests.browser.conftest import OMNIBOX_POPUPS, playwrights_disabled_features


def test_the_browser_runs_with_playwrights_disabled_features_given_again_with_ours(browser):
    session = browser.new_browser_cdp_session()
    try:
        processes = session.send("SystemInfo.getProcessInfo")["processInfo"]
    finally:
        session.detach()
    (pid,) = [process["id"] for process in processes if process["type"] == "browser"]
    arguments = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
    switches = [argument for argument in arguments if argument.startswith("--disable-features=")]
    # Playwright's own switch first, then ours, which replaces it.
    assert len(switches) == 2
    playwrights, ours = (set(switch.removeprefix("--disable-features=").split(",")) for switch in switches)
    assert playwrights == set(playwrights_disabled_features())
    assert ours == playwrights | set(OMNIBOX_POPUPS)


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
