"""Accessibility: axe-core, run inside real Chromium on the main pages in both languages, finds
no serious or critical violation. The pages are those of tests/quality/pages.py marked for axe."""

from pathlib import Path

import pytest

from tests.factories.accounts import PASSWORD
from tests.quality.pages import LANGUAGES, PAGES
from tests.quality.site import build_demo_site

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
POLICY = "Content Security Policy"


def axe_violations(page):
    # Evaluated by the browser's debugging protocol: the site's Content Security Policy (rightly)
    # refuses an inline <script>, which is how add_script_tag would add it.
    page.evaluate(AXE.read_text())
    return page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")


def sign_in(page, base_url, lang, email):
    page.goto(f"{base_url}/{lang}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{base_url}/{lang}/")


@pytest.mark.skipif(not AXE.exists(), reason="needs the axe-core npm package (`make test` installs it)")
def test_main_pages_have_no_serious_accessibility_violations(live_server, new_page):
    """Both languages in one test: the demo content takes a while to load. The same visits
    check that no page breaks the site's Content Security Policy (an inline script or style
    attribute the browser refused)."""
    member = build_demo_site()
    found = {}
    refused = []
    checked = 0
    for lang in LANGUAGES:
        page = new_page(width=1280, locale=lang)
        page.on(
            "console",
            lambda message: refused.append((message.page.url, message.text)) if POLICY in message.text else None,
        )
        for signed_in in (False, True):
            if signed_in:
                sign_in(page, live_server.url, lang, member.email)
            for listed in PAGES:
                if not listed.axe or listed.data or listed.signed_in != signed_in:
                    continue
                url = listed.url(lang)
                response = page.goto(f"{live_server.url}{url}")
                assert response.status == listed.status, url
                checked += 1
                blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
                if blocking:
                    found[url] = [
                        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
                        for v in blocking
                    ]
    assert checked >= 2 * 8
    assert not refused, refused
    # The listener hears a refusal when there is one: a style attribute added to the last page.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_timeout(200)
    assert refused and "style" in refused[0][1]
    assert not found, "\n".join(f"{url}\n  " + "\n  ".join(lines) for url, lines in found.items())


@pytest.mark.skipif(not AXE.exists(), reason="needs the axe-core npm package (`make test` installs it)")
def test_axe_reports_a_real_violation(new_page):
    """The harness itself: an image without text alternative and an unlabelled field are caught."""
    page = new_page()
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"><input type="text"></main></html>')
    ids = {v["id"] for v in axe_violations(page) if v["impact"] in BLOCKING}
    assert {"image-alt", "label"} <= ids
