"""The one rule for a public, live event: the lookup of one page (a subquery) held against
Wagtail's ``live().public()`` that lists use, on the database the suite runs on (CI runs it
on SQLite and on PostgreSQL)."""

import pytest
from django.http import Http404
from wagtail.models import Page, PageViewRestriction

from events.models import EventPage
from events.queries import public_event_or_404, public_page, public_pages
from tests.factories.events import event_page


@pytest.fixture
def pages(demo_site):
    """Open, draft, restricted, under a restricted section, and a restricted section's
    neighbour whose path starts with the same characters."""
    open_event = event_page(title="Open forum")
    draft = event_page(title="Draft forum", publish=False, live=False)
    restricted = event_page(title="Members only")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    section = Page.objects.get(pk=open_event.get_parent().pk)
    return {"open": open_event, "draft": draft, "restricted": restricted, "section": section}


def _looked_up_one_by_one():
    return {pk for pk in EventPage.objects.values_list("pk", flat=True) if public_page(pk).exists()}


def test_one_page_lookups_agree_with_wagtails_public_live_pages(pages):
    listed = set(public_pages().values_list("pk", flat=True))
    assert listed == set(EventPage.objects.live().public().values_list("pk", flat=True))
    assert _looked_up_one_by_one() == listed
    assert pages["open"].pk in listed
    assert pages["draft"].pk not in listed and pages["restricted"].pk not in listed


def test_a_restricted_section_hides_every_event_under_it(pages):
    PageViewRestriction.objects.create(page=pages["section"], restriction_type=PageViewRestriction.LOGIN)
    assert _looked_up_one_by_one() == set(public_pages().values_list("pk", flat=True))
    assert not public_page(pages["open"].pk).exists()


def test_lookup_by_id_follows_the_same_rule(pages):
    assert public_event_or_404(pages["open"].pk) == pages["open"]
    for name in ("draft", "restricted"):
        with pytest.raises(Http404):
            public_event_or_404(pages[name].pk)
