"""Test content is indexed once when it is built (tests/factories/indexing.py): the reference
index and the search index hold what Wagtail's own rebuild of both gives, and each page is
indexed once, not again for each of its sessions and speakers."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import ReferenceIndex
from wagtail.search.models import IndexEntry

from tests.factories.events import big_event, translate
from tests.factories.indexing import indexed_once


def indexes():
    references = ReferenceIndex.objects.values_list(
        "content_type", "object_id", "to_content_type", "to_object_id", "model_path", "content_path"
    )
    entries = IndexEntry.objects.values_list("content_type", "object_id", "title", "body", "autocomplete")
    return sorted(references), sorted((*entry[:2], *map(str, entry[2:])) for entry in entries)


def rebuild():
    call_command("rebuild_references_index", stdout=StringIO())
    call_command("update_index", stdout=StringIO())


@pytest.mark.django_db
def test_built_content_has_the_indexes_that_rebuilding_them_gives(events_index):
    rebuild()  # the site as migrated and loaded, whatever it holds, is the same on both sides
    page = big_event(events_index["ar"], sessions=4, speakers=6, partners=3, images=False)
    translation = translate(page)
    built = indexes()
    rebuild()
    assert built == indexes()
    references, entries = built
    assert {str(page.pk), str(translation.pk)} <= {object_id for _, object_id, *_ in entries}
    assert len({row[:2] for row in references}) >= 2


@pytest.mark.django_db
def test_a_page_is_indexed_once_for_all_its_sessions_and_speakers(events_index, monkeypatch):
    indexed = []
    original = ReferenceIndex.create_or_update_for_object

    def counted(object):
        indexed.append((type(object).__name__, object.pk))
        original(object)

    monkeypatch.setattr(ReferenceIndex, "create_or_update_for_object", counted)
    with indexed_once():
        page = big_event(events_index["ar"], sessions=4, speakers=6, partners=3, images=False)
    pages = [entry for entry in indexed if entry[0] == "EventPage"]
    assert pages == [("EventPage", page.pk)]
    assert len(indexed) == len(set(indexed))
