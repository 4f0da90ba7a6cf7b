"""Staff sign in with a second factor, in a real browser: an organiser signs in at the admin's
door on a phone in Arabic, is asked for their authenticator app's code, types it and reaches
the dashboard; an organiser without a factor yet is shown where to set one up."""

import pytest
from allauth.mfa.totp.internal.auth import generate_totp_secret

from home.second_factor import current_code, give_authenticator
from tests.factories.accounts import PASSWORD
from tests.factories.registrations import organiser

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.second_factor]


def sign_in_at_the_admin(page, base_url, user):
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").click()


def test_an_organiser_gives_the_code_after_the_password_in_arabic(
    live_server, demo_site, new_page, screenshot, authenticator_clock
):
    staff = organiser(username="maryam")
    give_authenticator(staff, generate_totp_secret())
    page = new_page(width=360, height=740, locale="ar")
    sign_in_at_the_admin(page, live_server.url, staff)
    page.wait_for_url("**/ar/accounts/2fa/reauthenticate/**")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "أكّد هويتك بتطبيق المصادقة" in page.locator("body").inner_text()
    screenshot(page, "second-factor-code-ar-360")
    page.fill("input[name=code]", current_code(staff))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.title().startswith("لوحة التحكم")


def test_an_organiser_without_a_factor_is_shown_where_to_set_one_up(live_server, demo_site, new_page, screenshot):
    staff = organiser(username="yusuf")
    page = new_page(width=1280, locale="en")
    sign_in_at_the_admin(page, live_server.url, staff)
    page.wait_for_url(f"{live_server.url}/en/accounts/2fa/")
    text = page.locator("body").inner_text()
    assert "sign in with a second factor" in text and "Authenticator app" in text
    assert page.locator("nav.account-nav a[aria-current=page]").inner_text() == "Two-factor authentication"
    screenshot(page, "second-factor-set-up-en-1280")
