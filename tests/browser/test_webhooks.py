"""The webhook screens in real Chromium, in Arabic and English, on a phone and a desktop: the
list, the form with a refused address, and an endpoint's page with its secret and deliveries.
Screenshots go to test-artifacts/screenshots/webhooks-*.png."""

import pytest
from django.utils import timezone

from tests.browser.test_staff_admin import fits_the_screen, signed_in

# The webhooks tests' event and their autouse reset of the endpoints map, as fixtures here too.
from tests.webhooks.conftest import event, fresh_targets, in_language, organiser_of  # noqa: F401
from webhooks import services
from webhooks.models import Attempt, Delivery, DeliveryStatus, Kind

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _deliveries(endpoint):
    outcomes = [
        (DeliveryStatus.DELIVERED, 200, '{"ok":true}', ""),
        (DeliveryStatus.RETRYING, 503, "Service Unavailable: the CRM is being updated", ""),
        (DeliveryStatus.FAILED, None, "", "timeout:5"),
    ]
    for kind, (status, code, excerpt, error) in zip(
        [Kind.CREATED, Kind.CONFIRMED, Kind.CHECKED_IN], outcomes, strict=True
    ):
        delivery = Delivery.objects.create(
            endpoint=endpoint,
            event=endpoint.event,
            kind=kind,
            body="{}",
            status=status,
            attempts=2,
            response_code=code,
            response_excerpt=excerpt,
            error=error,
            last_attempt_at=timezone.now(),
        )
        Attempt.objects.create(delivery=delivery, response_code=500, duration_ms=130)
        Attempt.objects.create(delivery=delivery, response_code=code, error=error, duration_ms=5002 if error else 90)


def test_the_webhook_screens_in_both_languages_narrow_and_wide(live_server, event, settings, new_page, screenshot):  # noqa: F811 - event
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    owner = organiser_of(event, first_name="Huda", last_name="Karim")
    endpoint = services.create_endpoint(
        by=owner,
        url="http://127.0.0.1:9/multaqa/hooks?source=registrations-and-check-ins",
        event=event,
        kinds=[Kind.CREATED, Kind.CONFIRMED, Kind.CHECKED_IN],
        description="CRM of the organisation",
    )
    services.create_endpoint(by=owner, url="http://127.0.0.1:9/all", event=None, kinds=[Kind.CANCELLED])
    _deliveries(endpoint)
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False  # the form refuses, as in production

    for language in ("en", "ar"):
        in_language(owner, language)
        for width in (1280, 360):
            page = signed_in(new_page, live_server, owner, width, language)
            page.goto(f"{live_server.url}/admin/webhooks/")
            assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
            assert "127.0.0.1:9/multaqa/hooks" in page.inner_text("main")
            screenshot(page, f"webhooks-list-{language}-{width}")

            page.goto(f"{live_server.url}/admin/webhooks/inspect/{endpoint.pk}/")
            assert page.locator("#webhooks-secret").inner_text() == endpoint.secret
            assert page.locator(".webhooks-status--failed").is_visible()
            assert fits_the_screen(page)
            screenshot(page, f"webhooks-endpoint-{language}-{width}")
            page.locator("#delivery-" + str(endpoint.deliveries.first().pk) + " summary").click()
            page.locator("#webhooks-deliveries-heading").scroll_into_view_if_needed()
            screenshot(page, f"webhooks-endpoint-deliveries-{language}-{width}")

            page.goto(f"{live_server.url}/admin/webhooks/new/")
            page.locator("input[name=url]").fill("http://169.254.169.254/latest/meta-data/")
            page.locator("input[name=kinds]").first.check()
            page.locator("form#w-editor-form button[type=submit]").first.click()
            page.wait_for_load_state()
            error = page.locator(".error-message, .w-field__errors").first.inner_text()
            assert "169.254.169.254" in error
            assert fits_the_screen(page)
            screenshot(page, f"webhooks-form-refused-{language}-{width}")
