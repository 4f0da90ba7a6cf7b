"""A participant's own data in a real browser: they read My data on a phone in Arabic, download
it as JSON, and delete their account after giving the password again."""

import json

import pytest
from django.contrib.auth import get_user_model

from network.models import Person
from tests.factories.accounts import PASSWORD
from tests.factories.registrations import RegistrationFactory, SettingsFactory, event_page, participant

pytestmark = pytest.mark.django_db(transaction=True)


def test_read_download_and_delete_in_arabic(live_server, demo_site, new_page, screenshot):
    event = event_page(title="ورشة الإعلام المجتمعي")
    SettingsFactory(event=event)
    user, person = participant(name="Rana Saleh", name_ar="رنا صالح", phone="+964 771 222 3333")
    registration = RegistrationFactory(event=event, person=person)
    page = new_page(width=360, height=740, locale="ar")
    page.goto(f"{live_server.url}/ar/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/ar/")

    page.goto(f"{live_server.url}/ar/my/data/")
    text = page.locator("main").inner_text()
    assert "بياناتي" in text and "رنا صالح" in text and registration.reference in text
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "my-data-ar-360")
    with page.expect_download() as download:
        page.get_by_role("link", name="تنزيلها كلها (JSON)").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["profile"]["phone"] == "+964 771 222 3333"

    page.get_by_role("link", name="حذف حسابي…").click()
    page.wait_for_url("**/ar/accounts/reauthenticate/**")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/ar/my/delete/")
    screenshot(page, "delete-account-ar-360")
    page.get_by_label("أفهم أن حسابي وملفي سيُحذفان").check()
    page.get_by_role("button", name="حذف حسابي").click()
    page.wait_for_url(f"{live_server.url}/ar/")
    assert "حُذف حسابك" in page.locator("body").inner_text()
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert Person.objects.get(pk=person.pk).name_ar == "حساب محذوف"
