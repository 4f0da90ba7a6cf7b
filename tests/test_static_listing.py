"""Each test process lists the static files once for a configuration (tests/conftest.py): a
later test client is handed the same entries instead of listing every app's files again, and
serves them the same; another configuration is listed for itself."""

from pathlib import Path

import pytest
from django.test import Client
from whitenoise import middleware

CSS = Path(__file__).resolve().parents[1] / "site" / "static" / "css" / "main.css"
URL = "/static/css/main.css"


@pytest.fixture
def listings(monkeypatch):
    """Counts how often the apps' static files are listed."""
    counted = []
    original = middleware.finders.get_finders

    def get_finders():
        counted.append(1)
        return original()

    monkeypatch.setattr(middleware.finders, "get_finders", get_finders)
    return counted


def served(client):
    response = client.get(URL)
    return response, b"".join(response.streaming_content)


def test_a_later_client_serves_the_files_without_listing_them_again(listings):
    first, first_body = served(Client())
    listed = len(listings)  # 1 if no test of this process has listed them yet, else 0
    second, second_body = served(Client())
    assert first_body == second_body == CSS.read_bytes()
    assert first["Cache-Control"] == second["Cache-Control"]
    assert len(listings) == listed <= 1


def test_another_configuration_is_listed_for_itself(listings, settings):
    settings.WHITENOISE_MAX_AGE = 1234
    response, body = served(Client())
    assert body == CSS.read_bytes()
    assert response["Cache-Control"] == "max-age=1234, public"
    assert listings == [1]
    served(Client())
    assert listings == [1]
