"""How organisers find a registration in an event's list: by a name in any spelling (the
directory's folding, network.search), by email, or by its reference.

A registration awaiting its participant's acceptance is found only by what staff entered (its
``entered_*`` fields), never by the directory's record behind it: the names searched are chosen
per row, so a search can never reveal who the directory says the person is. An invitation is
found by its address or the name it was sent to, folded the same way.
"""

from django.db.models import Case, F, Q, When

from network.search import has_terms, matching


def names_staff_may_search():
    """The folded names of each registration that staff may search: what they entered while
    it awaits acceptance, the person's directory names afterwards."""
    return Case(
        When(awaiting_acceptance=True, then=F("entered_search_text")),
        default=F("person__search_text"),
    )


def by_email(query):
    directory = Q(person__email__icontains=query) | Q(person__user__email__icontains=query)
    return (Q(awaiting_acceptance=False) & directory) | Q(awaiting_acceptance=True, entered_email__icontains=query)


def by_reference(query):
    """References are shown in groups ("ABCD-EFGH-JKMN") and typed in any case."""
    return Q(reference=query.replace("-", "").replace(" ", "").upper())


def search_registrations(queryset, query):
    """``queryset`` narrowed to the registrations ``query`` finds."""
    query = (query or "").strip()
    if not query:
        return queryset
    found = by_email(query) | by_reference(query)
    if has_terms(query):
        named = matching(queryset.alias(search_text=names_staff_may_search()), query)
        found |= Q(pk__in=named.values("pk"))
    return queryset.filter(found)


def search_invitations(queryset, query):
    """``queryset`` (invitations) narrowed to those ``query`` finds: by a part of the address,
    or by the name given with it, in any spelling."""
    query = (query or "").strip()
    if not query:
        return queryset
    found = Q(email__icontains=query)
    if has_terms(query):
        found |= Q(pk__in=matching(queryset, query).values("pk"))
    return queryset.filter(found)
