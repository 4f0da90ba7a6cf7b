"""core.cluster.PageRows: an event page read from the database is built as any row, without
modelcluster's search for child lists or Wagtail's set-up of a new page; one built in code
goes through both."""

import pytest
from modelcluster import models as cluster

from events.models import EventPage, Session
from tests.factories.events import at, event_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def searches(monkeypatch):
    """The instances modelcluster looked for child lists on."""
    found = []
    original = cluster.get_all_child_relations

    def counted(instance):
        found.append(instance)
        return original(instance)

    monkeypatch.setattr(cluster, "get_all_child_relations", counted)
    return found


def test_a_page_read_from_the_database_is_the_page_without_the_constructors_work(demo_site, searches):
    page = event_page(title="Rows", start=at(2030, 5, 1, 9), end=at(2030, 5, 1, 17))
    Session.objects.create(page=page, title="Opening", start=page.start, end=page.end)
    searches.clear()
    read = EventPage.objects.get(pk=page.pk)
    listed = list(EventPage.objects.filter(pk=page.pk).select_related("locale"))
    deferred = EventPage.objects.only("title").get(pk=page.pk)
    assert searches == []
    assert (read.title, read.slug, read.start, read.content_type_id) == (
        "Rows",
        page.slug,
        page.start,
        page.content_type_id,
    )
    assert read.show_in_menus == page.show_in_menus and listed[0].locale_id == page.locale_id
    assert [session.title for session in read.sessions.all()] == ["Opening"]
    assert deferred.get_deferred_fields() and deferred.slug == page.slug  # read when asked
    assert read.specific is read or read.specific.pk == page.pk


def test_a_page_built_in_code_goes_through_wagtail_and_modelcluster(demo_site, searches):
    new = EventPage(title="New", slug="new")
    assert searches == [new]
    assert new.content_type.model == "eventpage"
    assert new.show_in_menus == EventPage.show_in_menus_default
    with_sessions = EventPage(title="With", slug="with", sessions=[Session(title="Talk")])
    assert [session.title for session in with_sessions.sessions.all()] == ["Talk"]
