"""The tests' demo content is set up before their other fixtures (tests/conftest.py), so that
a fixture writing first (signing someone in) does not make the content be built again."""

import pytest

from tests.factories.accounts import UserFactory


@pytest.fixture
def signed_up(db):
    """A fixture that writes, asked for before the site: it notes what it found."""
    from home.models import HomePage

    return {"user": UserFactory(), "homes_before": HomePage.objects.count()}


def test_the_site_is_set_up_before_a_fixture_asked_for_ahead_of_it(signed_up, demo_site):
    assert signed_up["homes_before"] == 2
    assert {page.locale.language_code for page in demo_site.values()} == {"ar", "en"}
    assert signed_up["user"].pk is not None


def test_a_test_without_demo_content_keeps_its_order(request, signed_up):
    assert request.fixturenames.index("signed_up") < request.fixturenames.index("db")
    assert signed_up["homes_before"] == 0
