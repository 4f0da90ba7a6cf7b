"""Signing up in Arabic in real Chromium: the form, the email with its link, and landing signed
in, on a phone and on a desktop, with screenshots of each step."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "palm-grove-bridge-58"
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [360, 1280])
def test_sign_up_in_arabic_and_follow_the_emailed_link(live_server, demo_site, new_page, screenshot, width):
    email = f"noor{width}@example.org"
    page = new_page(width=width, locale="ar")

    page.goto(f"{live_server.url}/ar/accounts/signup/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    form_text = page.locator("main").inner_text()
    assert not LATIN_WORD.search(form_text), form_text
    assert fits_the_screen(page)
    screenshot(page, f"accounts-signup-ar-{width}")

    # Typed at a person's pace: sign-up turns away forms sent faster (home.accounts.SignupForm).
    page.locator("#id_email").press_sequentially(email, delay=60)
    page.locator("#id_password1").press_sequentially(PASSWORD, delay=60)
    page.locator("#id_password2").press_sequentially(PASSWORD, delay=60)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/accounts/confirm-email/")
    assert fits_the_screen(page)
    screenshot(page, f"accounts-verification-sent-ar-{width}")
    assert not EmailAddress.objects.get(email=email).verified

    message = mail.outbox[-1]
    assert message.to == [email]
    path = re.search(r"https?://[^/\s]+(/ar/accounts/confirm-email/\S+)", message.body).group(1)
    page.goto(f"{live_server.url}{path}")
    assert email in page.locator("main").inner_text()
    screenshot(page, f"accounts-confirm-ar-{width}")
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(f"{live_server.url}/ar/")
    assert EmailAddress.objects.get(email=email).verified
    assert page.locator('.nav-tools a[href="/ar/accounts/email/"]').count() == 1
    assert page.locator('.nav-tools a[href="/ar/accounts/login/"]').count() == 0
    assert email in page.locator(".messages").inner_text()
    screenshot(page, f"accounts-signed-in-ar-{width}")

    page.goto(f"{live_server.url}/ar/accounts/email/")
    assert email in page.locator("main").inner_text()
    assert fits_the_screen(page)
    screenshot(page, f"accounts-email-ar-{width}")
