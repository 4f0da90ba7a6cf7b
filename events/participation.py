"""What people and organisations took part in, as the directory's pages show it: sessions
spoken at and events organised or partnered.

Event pages exist once per language; each directory page lists the live, public event pages
of the visitor's language. Speaker rows the organiser chose not to show publicly are left out
here too. The directory asks for these through its ``directory_person_context`` and
``directory_organisation_context`` hooks (events/wagtail_hooks.py), so it never imports the
events app.
"""

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Locale

from events import dates
from events.models.agenda import SessionSpeaker
from events.models.partners import EventPartner
from events.queries import public_pages
from network.models import Affiliation


def session_anchor(session):
    """The fragment of the event page where ``session`` is listed (its agenda item's id,
    built from the key the session keeps in every language)."""
    return f"session-{session.key}"


def sessions_spoken_at(person, locale=None):
    """The person's public speaking roles, newest first: a list of dicts with the session,
    its event page, the role label and the session's address."""
    rows = (
        SessionSpeaker.objects.filter(person=person, show_publicly=True, session__page__in=_visible_events(locale))
        .select_related("session", "session__page", "person")
        .order_by("-session__start", "session__sort_order", "pk")
    )
    return [_appearance(row) for row in rows]


def _visible_events(locale):
    return public_pages(locale or Locale.get_active())


def _appearance(row):
    session, event = row.session, row.session.page
    start = timezone.localtime(session.start, event.zone)
    return {
        "session": session,
        "event": event,
        "date": dates.day(start),  # the session's day where the event takes place
        "datetime": start.isoformat(),
        "role": row.role_label,
        "url": f"{event.url}#{session_anchor(session)}",
    }


def events_of_organisation(organisation, locale=None):
    """The events an organisation organised or partnered (with the role) and the sessions
    its people spoke at on its behalf, each newest first."""
    events = _visible_events(locale)
    partner_rows = (
        EventPartner.objects.filter(organisation=organisation, page__in=events)
        .select_related("page")
        .order_by("-page__start", "sort_order", "pk")
    )
    roles = {}
    for row in partner_rows:
        event = row.page
        entry = roles.setdefault(
            row.page_id,
            {
                "event": event,
                "dates": dates.date_range(event.start, event.end, event.zone),  # all its days, as its card says
                "datetime": timezone.localtime(event.start, event.zone).isoformat(),
                "roles": [],
            },
        )
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
