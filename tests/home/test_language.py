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
