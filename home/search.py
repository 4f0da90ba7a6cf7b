"""The site search: events, pages, organisations and people for one query, grouped by kind.

Every group folds the query the directory's way (``network.text``), so «الإعلام» finds what
«إعلام» finds and «أحمد» finds «احمد». People appear only with a public profile, organisations
only when listed in the directory; cards show names, titles and affiliations, never contact
details.
"""

from dataclasses import dataclass, field

from wagtail.models import Page

from events.models import EventIndexPage, EventPage
from events.queries import public_events
from network.models import Organisation, Person
from network.queries import organisation_cards, person_cards
from network.search import index_query, matching

PER_GROUP = 6
PAGES_PER_GROUP = 10


@dataclass
class Group:
    items: list = field(default_factory=list)
    total: int = 0


@dataclass
class SiteResults:
    events: Group
    pages: Group
    organisations: Group
    people: Group
    events_index: Page | None = None

    @property
    def total(self):
        return self.events.total + self.pages.total + self.organisations.total + self.people.total


def _group(queryset, limit):
    total = queryset.count()
    return Group(items=list(queryset[:limit]) if total else [], total=total)


def search_site(query, locale):
    """What the site holds for ``query`` in ``locale``, or None when it has no words to look for."""
    folded = index_query(query)
    if not folded:
        return None
    events = public_events(locale).search(folded, operator="and")
    pages = (
        Page.objects.live()
        .public()
        .filter(locale=locale)
        .not_type(EventPage)
        .exclude(depth__lte=1)
        .search(folded, operator="and")
    )
    organisations = matching(Organisation.objects.public(), query).in_display_order()
    people = matching(Person.objects.public(), query).in_display_order()
    events_group = _group(events, PER_GROUP)
    return SiteResults(
        events=events_group,
        pages=_group(pages, PAGES_PER_GROUP),
        organisations=_group(organisation_cards(organisations), PER_GROUP),
        people=_group(person_cards(people), PER_GROUP),
        events_index=EventIndexPage.objects.live().filter(locale=locale).first() if events_group.total else None,
    )
