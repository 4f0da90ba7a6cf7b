"""Shared fixtures: a site laid out as the demo lays it out (home, events index, about, in
Arabic and English), built through the same loader the demo uses."""

import pytest
from django.core.management import call_command

from tests.snapshots import SNAPSHOTS


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    SNAPSHOTS.test_starts()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        SNAPSHOTS.test_ended()


@pytest.fixture(scope="session")
def demo_snapshots():
    """Demo content built once per session and restored in the tests that commit
    (tests/snapshots.py): ``demo_snapshots.load("events", lambda: events.load(log))``."""
    return SNAPSHOTS


@pytest.fixture
def demo_site(db, demo_snapshots):
    """Home, events index and about page in both languages, as `make demo` creates them."""
    from fixtures import site
    from home.models import HomePage

    demo_snapshots.load("site", lambda: site.load(lambda message: None))
    return {
        "ar": HomePage.objects.get(locale__language_code="ar"),
        "en": HomePage.objects.get(locale__language_code="en"),
    }


@pytest.fixture
def search_index(db):
    """Rebuilds Wagtail's search index after a test has created its pages."""

    def rebuild():
        call_command("update_index", verbosity=0)

    return rebuild


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language, whatever the previous one left active."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Passwords in tests are hashed with a fast hasher; the real one takes most of a second
    by design, which would dominate every test that signs someone up or in."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
