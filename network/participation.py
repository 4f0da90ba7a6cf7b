"""What people and organisations took part in: sessions spoken at, events organised or
partnered, and whether a network member is new or returning.

Event pages exist once per language; each directory page lists the live, public event pages
of the visitor's language. Speaker rows the organiser chose not to show publicly are left out
here too.
"""

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Locale

from network.models import Affiliation, NetworkMembership


def _visible_events(locale=None):
    from events.models import EventPage

    locale = locale or Locale.get_active()
    return EventPage.objects.live().public().filter(locale=locale)


def session_anchor(session):
    """The fragment of the event page where ``session`` is listed (its agenda item's id,
    built from the key the session keeps in every language)."""
    return f"session-{session.key}"


def sessions_spoken_at(person, locale=None):
    """The person's public speaking roles, newest first: a list of dicts with the session,
    its event page, the role label and the session's address."""
    from events.models import SessionSpeaker

    rows = (
        SessionSpeaker.objects.filter(person=person, show_publicly=True, session__page__in=_visible_events(locale))
        .select_related("session", "session__page", "person")
        .order_by("-session__start", "session__sort_order", "pk")
    )
    return [_appearance(row) for row in rows]


def _appearance(row):
    session, event = row.session, row.session.page
    return {
        "session": session,
        "event": event,
        "role": row.role_label,
        "url": f"{event.url}#{session_anchor(session)}",
    }


def events_of_organisation(organisation, locale=None):
    """The events an organisation organised or partnered (with the role) and the sessions
    its people spoke at on its behalf, each newest first."""
    from events.models import EventPartner, SessionSpeaker

    events = _visible_events(locale)
    partner_rows = (
        EventPartner.objects.filter(organisation=organisation, page__in=events)
        .select_related("page")
        .order_by("-page__start", "sort_order", "pk")
    )
    roles = {}
    for row in partner_rows:
        entry = roles.setdefault(row.page_id, {"event": row.page, "roles": []})
        entry["roles"].append(row.get_role_display())
    primary_people = Affiliation.objects.filter(organisation=organisation, is_primary=True).values("person")
    spoken = (
        SessionSpeaker.objects.filter(show_publicly=True, session__page__in=events)
        .filter(_spoke_for(organisation, primary_people))
        .select_related("session", "session__page", "person")
        .order_by("-session__start", "pk")
    )
    appearances, seen = [], set()
    for row in spoken:
        if row.session_id not in seen:
            seen.add(row.session_id)
            appearances.append(_appearance(row))
    return {"partnered": list(roles.values()), "spoke_at": appearances}


def _spoke_for(organisation, primary_people):
    return Q(organisation=organisation) | Q(organisation__isnull=True, person__in=primary_people)


def new_and_returning(network, people, on_date=None):
    """How many of ``people`` (ids) are new to ``network`` and how many return, on
    ``on_date`` (today by default): a member returns when their first participation came
    before that day; everyone else, members joining that day and non-members alike, is new.
    """
    on_date = on_date or timezone.localdate()
    people = set(people)
    memberships = NetworkMembership.objects.filter(network=network, person__in=people).select_related("joined_at_event")
    returning = sum(1 for membership in memberships if not membership.is_new_at(on_date))
    return {"new": len(people) - returning, "returning": returning}
