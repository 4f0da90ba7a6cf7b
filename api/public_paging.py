"""Pages of a public list: ``limit`` and ``offset`` in, ``count`` and links to the next and
previous pages out.

An endpoint returns a ``Listing``: the records in order, and how to present a page of them.
Only the page asked for is presented, with a fixed number of queries whatever its length
(each presenter loads what its page shows at once).
"""

from dataclasses import dataclass
from typing import Any

from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Past any list's length; a larger offset would only be a larger number for the database.
MAX_OFFSET = 1_000_000


@dataclass
class Listing:
    records: Any  # a queryset, in the list's order
    present: Any  # a page of records -> their answers


class LinkedPagination(PaginationBase):
    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items, at most.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")

    class Output(Schema):
        count: int = Field(description="How many items the whole list holds.")
        next: str | None = Field(description="The address of the next page, if there is one.")
        previous: str | None = Field(description="The address of the previous page, if there is one.")
        items: list[Any]

    def paginate_queryset(self, queryset, pagination, request, **params):
        listing = queryset
        offset, limit = pagination.offset, pagination.limit
        count = listing.records.count()
        records = list(listing.records[offset : offset + limit])
        return {
            "count": count,
            "next": _link(request, offset + limit) if offset + limit < count else None,
            "previous": _link(request, max(0, min(offset, count) - limit)) if offset > 0 else None,
            "items": listing.present(records),
        }


def _link(request, offset):
    """This request's address, with every parameter kept but ``offset``."""
    query = request.GET.copy()
    query.pop("offset", None)
    if offset:
        query["offset"] = offset
    encoded = query.urlencode()
    return request.build_absolute_uri(request.path + (f"?{encoded}" if encoded else ""))
