"""``events.translation.translation_of``: the one place that finds a page in a language."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import EventPage
from events.translation import translation_of
from tests.factories.registrations import event_page

pytestmark = pytest.mark.django_db


def test_a_page_already_in_the_language_is_itself_without_a_query(demo_site):
    arabic = EventPage.objects.select_related("locale").get(pk=event_page().pk)
    with CaptureQueriesContext(connection) as queries:
        assert translation_of(arabic, "ar") is arabic
        assert translation_of(arabic, "ar", live=False) is arabic
    assert queries.captured_queries == []
    with CaptureQueriesContext(connection) as queries:
        english = translation_of(arabic, "en")
    assert len(queries.captured_queries) == 1
    assert english.locale.language_code == "en" and english.translation_key == arabic.translation_key


def test_a_draft_in_the_language_is_found_only_when_drafts_are_asked_for(demo_site):
    arabic = EventPage.objects.select_related("locale").get(pk=event_page().pk)
    arabic.live = False
    EventPage.objects.filter(pk=arabic.pk).update(live=False)
    assert translation_of(arabic, "ar") is None
    assert translation_of(arabic, "ar", live=False) is arabic
    # Without its locale loaded the page is looked up, and the answer is the same.
    plain = EventPage.objects.get(pk=arabic.pk)
    with CaptureQueriesContext(connection) as queries:
        assert translation_of(plain, "ar") is None
        assert translation_of(plain, "ar", live=False) == arabic
    assert len(queries.captured_queries) == 2


def test_the_canonical_page_of_a_translation_is_the_default_languages(demo_site):
    arabic = event_page()
    english = EventPage.objects.get(translation_key=arabic.translation_key, locale__language_code="en")
    assert english.canonical == arabic
    again = EventPage.objects.get(pk=arabic.pk)
    with CaptureQueriesContext(connection) as queries:
        assert again.canonical is again
    assert len(queries.captured_queries) == 1  # its locale, kept for what reads it next


def test_a_translation_whose_canonical_page_was_read_finds_it_again_without_a_query(demo_site):
    arabic = event_page()
    english = EventPage.objects.get(translation_key=arabic.translation_key, locale__language_code="en")
    assert english.canonical == arabic
    with CaptureQueriesContext(connection) as queries:
        assert translation_of(english, "ar") is english.canonical
        assert translation_of(english, "ar", live=False) is english.canonical
    assert queries.captured_queries == []
    # The Arabic version unpublished: the language links find no live one; drafts still count.
    EventPage.objects.filter(pk=arabic.pk).update(live=False)
    english = EventPage.objects.get(pk=english.pk)
    assert english.canonical == arabic and not english.canonical.live
    assert translation_of(english, "ar") is None
    assert translation_of(english, "ar", live=False) is english.canonical


def test_a_page_with_no_version_in_the_default_language_has_none(demo_site):
    arabic = event_page()
    english = EventPage.objects.get(translation_key=arabic.translation_key, locale__language_code="en")
    EventPage.objects.filter(translation_key=arabic.translation_key).exclude(pk=english.pk).update(
        translation_key="00000000-0000-0000-0000-000000000000"
    )
    english = EventPage.objects.get(pk=english.pk)
    assert english.canonical is english
    assert translation_of(english, "ar") is None
    assert translation_of(english, "ar", live=False) is None
