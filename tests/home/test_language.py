"""Addresses outside the language prefixes: a page's is sent to its language, the API's is not."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_unknown_api_address_is_not_found_where_it_was_asked(client, demo_site):
    response = client.get("/api/v1/no-such-list")
    assert response.status_code == 404 and "Location" not in response
    assert response["Content-Language"] in {"ar", "en"} and "Accept-Language" in response["Vary"]


def test_an_event_the_api_does_not_know_is_a_404_in_json(client, demo_site):
    response = client.get("/api/v1/events/987654?lang=en")
    assert response.status_code == 404 and "Location" not in response
    assert response["Content-Type"].startswith("application/json") and response.json()["code"]


def test_a_page_address_without_its_language_is_still_sent_to_one(client, demo_site):
    response = client.get("/events/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == "/en/events/"


def switch_to(html, code):
    """The address of the header's link to language ``code``."""
    import html as markup
    import re

    found = re.search(rf'<a href="([^"]*)" hreflang="{code}" lang="{code}" data-language="{code}">', html)
    return markup.unescape(found.group(1))


def test_the_language_switch_keeps_the_filters_and_leaves_the_page_number(client, demo_site):
    html = client.get("/en/events/?kind=workshop&year=2025&page=1").content.decode()
    assert switch_to(html, "ar") == "/ar/events/?kind=workshop&year=2025"
    html = client.get("/ar/directory/organisations/?kind=media&page=1").content.decode()
    assert switch_to(html, "en") == "/en/directory/organisations/?kind=media&page=1"  # the same list in both


def test_the_language_switch_of_the_sign_in_page_comes_back_in_that_language(client, demo_site):
    html = client.get("/ar/accounts/login/?next=/ar/registrations/23/").content.decode()
    assert switch_to(html, "en") == "/en/accounts/login/?next=%2Fen%2Fregistrations%2F23%2F"


def test_the_language_switch_of_a_registration_stays_on_the_registration(client, demo_site):
    from events.registrations import services
    from tests.factories.registrations import SettingsFactory, event_page, participant

    user, person = participant(name="Noor Ali", name_ar="نور علي")
    registration = services.register(SettingsFactory(event=event_page(title="ورشة")).event, person)
    client.force_login(user)
    html = client.get(f"/en/my/events/{registration.reference}/").content.decode()
    assert switch_to(html, "ar") == f"/ar/my/events/{registration.reference}/"
