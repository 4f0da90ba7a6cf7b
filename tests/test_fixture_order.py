"""The tests' demo content is set up before their other fixtures (tests/conftest.py), so that
a fixture writing first (signing someone in) does not make the content be built again."""

from types import SimpleNamespace

import pytest

from tests.conftest import pytest_collection_modifyitems
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


def item(closure, argnames, requires):
    """A collected test as the hook sees it: what it asks for, and what each fixture asks for."""
    definitions = {name: [SimpleNamespace(argnames=tuple(requires.get(name, ())))] for name in closure}
    info = SimpleNamespace(
        names_closure=list(closure),
        argnames=tuple(argnames),
        initialnames=("second_factor", *argnames),
        name2fixturedefs=definitions,
    )
    return SimpleNamespace(_fixtureinfo=info)


def test_content_comes_after_the_fixtures_every_test_uses_nearest_first():
    requires = {
        "second_factor": ["settings"],
        "signed_in": ["client"],
        "settings_for_event": ["event"],
        "event": ["demo_site", "demo_snapshots"],
        "demo_site": ["db", "demo_snapshots"],
    }
    closure = ["second_factor", "signed_in", "settings_for_event", "settings", "client", "event", "demo_site"]
    test = item([*closure, "db", "demo_snapshots"], ["signed_in", "settings_for_event"], requires)
    pytest_collection_modifyitems([test, test])  # parametrised copies share their order
    assert test._fixtureinfo.names_closure == [
        "second_factor",
        "demo_snapshots",
        "event",  # which asks for the site first itself
        "demo_site",
        "settings_for_event",
        "signed_in",
        "settings",
        "client",
        "db",
    ]


def test_a_test_without_demo_content_keeps_its_order():
    closure = ["second_factor", "signed_up", "settings", "db"]
    test = item(closure, ["signed_up"], {"signed_up": ["db"], "second_factor": ["settings"]})
    pytest_collection_modifyitems([test])
    assert test._fixtureinfo.names_closure == closure
