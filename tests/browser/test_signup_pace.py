"""Sign-up's bot check (home.accounts.SignupForm) measured against people: visitors who type
their address and password at a brisk human pace in real Chromium, in both languages and
both widths, are all signed up; the false-positive rate is printed (and must be zero)."""

import time

import pytest
from django.contrib.auth import get_user_model

from home.accounts import signup_stamp

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-quiet-river-in-basra-9"
# (language, width, milliseconds between keys): fast typists, the people nearest to the check's
# limit (an ordinary typist, 60-90 ms a key, takes twice as long as the fastest one here).
VISITORS = [("ar", 360, 35), ("en", 1280, 35), ("ar", 1280, 45), ("en", 360, 45)]


def test_people_signing_up_at_a_human_pace_are_never_refused(live_server, demo_site, new_page, capsys):
    refused, seconds = [], []
    for number, (language, width, delay) in enumerate(VISITORS):
        email = f"visitor{number}@example.org"
        page = new_page(width=width, locale=language)
        page.goto(f"{live_server.url}/{language}/accounts/signup/")
        started = time.monotonic()
        page.locator("#id_email").press_sequentially(email, delay=delay)
        page.locator("#id_password1").press_sequentially(PASSWORD, delay=delay)
        page.locator("#id_password2").press_sequentially(PASSWORD, delay=delay)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("load")
        seconds.append(time.monotonic() - started)
        if not page.url.endswith(f"/{language}/accounts/confirm-email/"):
            refused.append((email, page.url))
        # The field people never see is not in the way of a person with a keyboard.
        assert page.locator("#id_website").count() == 0 or not page.locator("#id_website").is_visible()
    with capsys.disabled():
        print(
            f"\nsign-up bot check: {len(refused)} of {len(VISITORS)} people refused"
            f" (false positives {len(refused) / len(VISITORS):.0%}); typing took"
            f" {min(seconds):.1f}–{max(seconds):.1f} s"
        )
    assert not refused, refused
    assert get_user_model().objects.filter(email__startswith="visitor").count() == len(VISITORS)


def test_a_script_that_posts_at_once_from_the_browser_is_refused(live_server, demo_site, new_page):
    """The other side of the measure: the same form filled and sent at once. The form's stamp
    is renewed just before sending, as if the page had been shown that instant, so that a busy
    machine taking seconds to fill three fields does not make the script look like a person."""
    page = new_page(width=1280, locale="en")
    page.goto(f"{live_server.url}/en/accounts/signup/")
    page.fill("#id_email", "script@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.locator("input[name=shown_at]").evaluate("(field, stamp) => { field.value = stamp; }", signup_stamp())
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/en/accounts/signup/")
    assert "The form was not sent properly." in page.locator("main").inner_text()
    assert not get_user_model().objects.filter(email="script@example.org").exists()
