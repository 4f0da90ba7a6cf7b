"""My events in real Chromium with the organisers' reasons: a participant declined with a long
reason in Arabic and cancelled with a short one in English sees both on their cards, the long
one shortened with a link to the whole on the registration's page, on a phone and a desktop,
in Arabic and English. Screenshots in /tmp/reason-shots/ besides the test artefacts."""

import shutil
from pathlib import Path

import pytest

from events.registrations import services
from tests.browser.test_staff_admin import fits_the_screen, signed_in
from tests.factories.registrations import SettingsFactory, participant

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/tmp/reason-shots")  # noqa: S108 - a fixed folder for people to look at, not a private file

LONG = (
    "شكرًا لاهتمامك بالورشة. وصلنا أكثر من مئتي طلب لثلاثين مقعدًا، فاخترنا هذه المرة العاملين في "
    "منظمات البصرة وميسان لأن الورشة تتناول بيانات المدارس في المحافظتين. سنفتح التسجيل لدورة بغداد "
    "في الربيع ونرحّب بتسجيلك فيها."
)
SHORT = "The venue holds fewer people than we hoped; we are sorry."
LABEL = {"ar": "السبب كما كتبه فريق التنظيم:", "en": "The organisers’ reason, in their words:"}
WHOLE = {"ar": "اقرأ السبب كاملًا", "en": "Read the whole reason"}


def shot(screenshot, page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(screenshot(page, name), SHOTS / f"{name}.png")


def test_my_events_shows_the_organisers_reasons(live_server, demo_site, new_page, screenshot):
    base = live_server.url
    user, person = participant(name="Maha Dawood", name_ar="مها داود")
    declined = services.register(SettingsFactory(capacity=5).event, person)
    services.decline(declined, reason=LONG, note="internal: too many from one organisation")
    cancelled = services.register(SettingsFactory(capacity=5).event, person)
    services.cancel(cancelled, reason=SHORT)
    services.register(SettingsFactory(capacity=5).event, person)

    for language in ("ar", "en"):
        for width in (360, 1280):
            page = signed_in(new_page, live_server, user, width, language)
            page.goto(f"{base}/{language}/my/events/")
            declined_card = page.locator(f"[id='{declined.reference}']")
            assert LABEL[language] in declined_card.inner_text()
            quoted = declined_card.locator(".organisers-reason").inner_text()
            assert quoted.endswith("…") and LONG.startswith(quoted[:-1].strip())
            assert SHORT in page.locator(f"[id='{cancelled.reference}']").inner_text()
            assert "internal" not in page.inner_text("main")
            assert fits_the_screen(page)
            shot(screenshot, page, f"my-events-reason-{language}-{width}")

    # The whole reason is one tap away, on the registration's page.
    page = signed_in(new_page, live_server, user, 360, "ar")
    page.goto(f"{base}/ar/my/events/")
    page.locator(f"[id='{declined.reference}']").get_by_role("link", name=WHOLE["ar"]).click()
    page.wait_for_url(f"**/ar/my/events/{declined.reference}/#organisers-reason")
    assert page.locator("#organisers-reason").inner_text() == LONG
