"""Fixtures for event tests: the demo site's events index in both languages."""

import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded test images and their renditions go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def events_index(demo_site):
    from events.models import EventIndexPage

    return {
        "ar": EventIndexPage.objects.get(locale__language_code="ar"),
        "en": EventIndexPage.objects.get(locale__language_code="en"),
    }


@pytest.fixture
def demo_events(demo_site, demo_snapshots):
    """The demo loader's events (the five articles and the fictional ones) in both languages."""
    from fixtures import events

    demo_snapshots.load("events", lambda: events.load(lambda message: None))
    from events.models import EventPage

    return {page.slug + "/" + page.locale.language_code: page for page in EventPage.objects.all()}
