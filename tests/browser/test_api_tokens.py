"""Personal API tokens in a real browser: an organiser creates one on their account page, copies
its secret (shown once), calls the staff API with it, and revokes it; the page in Arabic and
English, on a phone and on a desktop."""

import pytest

from tests.factories.accounts import PASSWORD
from tests.factories.registrations import RegistrationFactory, SettingsFactory, event_page
from tests.security.matrix_roles import _organiser_of as organiser_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def organiser(demo_site):
    event = event_page(title="ورشة الإعلام المجتمعي")
    SettingsFactory(event=event, capacity=20)
    RegistrationFactory(event=event)
    user = organiser_of(event)
    user.first_name, user.last_name = "Noor", "Ali"
    user.save()
    return user, event


def sign_in(page, live_server, user, language):
    page.goto(f"{live_server.url}/{language}/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def call_api(page, live_server, secret, event):
    return page.request.get(
        f"{live_server.url}/api/v1/staff/events/{event.pk}/registrations",
        headers={"Authorization": f"Bearer {secret}", "Accept-Language": "en"},
    )


def test_create_use_and_revoke_a_token(live_server, organiser, new_page, screenshot):
    user, event = organiser
    page = new_page(width=1280, locale="en")
    sign_in(page, live_server, user, "en")
    page.goto(f"{live_server.url}/en/my/data/")
    page.locator(".account-nav").get_by_role("link", name="API tokens").click()
    page.wait_for_url(f"{live_server.url}/en/my/api-tokens/")

    page.get_by_label("Name").fill("Attendance dashboard")
    page.get_by_label("Read and write").check()
    page.get_by_label("Workshop number", exact=False).check()
    page.select_option("#id_expires_in", "30")
    page.get_by_role("button", name="Create the token").click()
    secret = page.locator("#new-token").input_value()
    assert secret.startswith("wagtail_") and len(secret) > 30
    assert "shown only this once" in page.locator(".token-secret").inner_text()
    screenshot(page, "api-tokens-created-en-1280")

    answer = call_api(page, live_server, secret, event)
    assert answer.status == 200 and answer.json()["count"] == 1

    page.goto(f"{live_server.url}/en/my/api-tokens/")
    html = page.content()
    assert secret not in html and secret[:12] in html
    calls = page.locator(".token-calls").inner_text()
    assert f"/api/v1/staff/events/{event.pk}/registrations" in calls and "200" in calls
    token = page.locator("section.token", has_text="Attendance dashboard")
    assert "Read and write" in token.inner_text() and "Workshop number" in token.inner_text()

    page.get_by_role("button", name="Revoke “Attendance dashboard”").click()
    page.wait_for_url(f"{live_server.url}/en/my/api-tokens/")
    assert "is revoked" in page.locator(".messages").inner_text()
    assert "Revoked" in page.locator("section.token", has_text="Attendance dashboard").inner_text()
    refused = call_api(page, live_server, secret, event)
    assert refused.status == 401 and refused.json()["code"] == "token_revoked"


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("width", [360, 1280])
def test_the_tokens_page_fits_phones_and_desktops_in_both_languages(
    live_server, organiser, new_page, screenshot, language, width
):
    from api import tokens

    user, event = organiser
    _staff_token, secret = tokens.create(user, name="لوحة الحضور", scope="write", event_ids=[event.pk])
    tokens.create(user, name="Nightly export", expires_in_days=90)
    page = new_page(width=width, height=800, locale=language)
    call_api(page, live_server, secret, event)
    sign_in(page, live_server, user, language)
    page.goto(f"{live_server.url}/{language}/my/api-tokens/")
    direction = page.evaluate("document.documentElement.dir")
    assert direction == ("rtl" if language == "ar" else "ltr")
    heading = page.locator("h1").inner_text()
    assert heading == ("رموز واجهة البرمجة" if language == "ar" else "API tokens")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("section.token").count() == 2
    screenshot(page, f"api-tokens-{language}-{width}")
