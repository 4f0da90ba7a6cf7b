"""Finding organisations and people by name, whatever the spelling.

Each record keeps its names folded by ``network.text.normalise`` in ``search_text``; a query
is folded the same way and every word of it must appear in that column. A substring match
(LIKE '%…%') on one short column per row behaves the same on SQLite and PostgreSQL and stays
fast at tens of thousands of rows; past that, a trigram index on PostgreSQL
(``CREATE INDEX … USING gin (search_text gin_trgm_ops)``) serves the same query unchanged.
"""

from network.text import query_terms


def matching(queryset, query):
    """``queryset`` narrowed to records whose names contain every word of ``query``."""
    for term in query_terms(query or ""):
        queryset = queryset.filter(search_text__contains=term)
    return queryset


def has_terms(query):
    return bool(query_terms(query or ""))


def index_query(query):
    """``query`` folded for a full-text index built with ``network.text.index_text``: the page
    search (Wagtail's backend) then finds every spelling the directory's search finds."""
    return " ".join(query_terms(query or ""))
