"""The public read API: only what the public pages show.

Events (the index's filters, an event's agenda, speakers and partners) and the directory
(organisations, people with a public profile). Every answer is in the language asked for,
comes from the site's page cache (api/caching.py) and may be read by any other site; a value
the API does not take gets a 4xx in the same language (api/public_errors.py).
"""

from django.utils.translation import get_language
from ninja import Path, Query, Router
from ninja.pagination import paginate

from api import public_directory, public_events
from api.caching import public_answer
from api.errors import refusals
from api.public_paging import LinkedPagination
from api.schemas import (
    SLUG,
    EventDetail,
    EventFilters,
    EventSummary,
    InLanguage,
    OrganisationDetail,
    OrganisationFilters,
    OrganisationSummary,
    PersonDetail,
    PersonFilters,
    PersonSummary,
    Problem,
)
from core.ids import LARGEST_ID

router = Router(tags=["public"])
router.add_decorator(public_answer, mode="view")
router.add_decorator(refusals, mode="operation")

REFUSED = {422: Problem}
REFUSED_OR_MISSING = {404: Problem, 422: Problem}
Reference = Path(..., max_length=255, pattern=SLUG, description="A slug or an id.")


@router.get("/events", response={200: list[EventSummary], **REFUSED}, summary="Public events")
@paginate(LinkedPagination)
def events(request, filters: Query[EventFilters]):
    """Public events, in the order they start, filtered as the events index filters them."""
    return public_events.listing(request, filters, get_language())


@router.get("/events/{event_id}", response={200: EventDetail, **REFUSED_OR_MISSING}, summary="One event")
def event(request, event_id: int = Path(..., ge=1, le=LARGEST_ID), query: Query[InLanguage] = None):
    """An event with its agenda, speakers and partners; ``event_id`` may be the id of any of
    its language versions."""
    return public_events.detail(request, event_id, get_language())


@router.get("/organisations", response={200: list[OrganisationSummary], **REFUSED}, summary="Organisations")
@paginate(LinkedPagination)
def organisations(request, filters: Query[OrganisationFilters]):
    """Organisations listed in the directory, in alphabetical order of the answer's language."""
    return public_directory.organisations(request, filters)


@router.get(
    "/organisations/{reference}", response={200: OrganisationDetail, **REFUSED_OR_MISSING}, summary="One organisation"
)
def organisation(request, reference: str = Reference, query: Query[InLanguage] = None):
    return public_directory.organisation(request, reference)


@router.get("/people", response={200: list[PersonSummary], **REFUSED}, summary="People")
@paginate(LinkedPagination)
def people(request, filters: Query[PersonFilters]):
    """People with a public profile in the directory, in alphabetical order of the answer's
    language. Nobody else appears."""
    return public_directory.people(request, filters)


@router.get("/people/{reference}", response={200: PersonDetail, **REFUSED_OR_MISSING}, summary="One person")
def person(request, reference: str = Reference, query: Query[InLanguage] = None):
    return public_directory.person(request, reference)
