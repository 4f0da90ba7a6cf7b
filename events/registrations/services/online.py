"""Who gets an online event's meeting links: confirmed participants only.

The links are on the event page (``online_link``) and on sessions that have their own. They
never reach the public page, calendar files or anyone waiting, pending or declined; this is
the one place that decides who may see them.
"""

from dataclasses import dataclass, field

from events.models import Session


@dataclass
class MeetingLinks:
    event: str = ""
    sessions: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.event or self.sessions)


def may_see_links(registration):
    """Confirmed, and accepted by the participant when the organisers made it."""
    return registration.is_confirmed and not registration.awaiting_acceptance


def meeting_links(registration, event):
    """The links ``registration``'s person may use, with session titles from ``event`` (the
    page in the reader's language)."""
    return meeting_links_for([(registration, event)])[0]


def meeting_links_for(pairs):
    """``[MeetingLinks]`` for ``[(registration, event)]``, with one query for all the sessions."""
    allowed = [event for registration, event in pairs if may_see_links(registration)]
    sessions = {}
    if allowed:
        rows = (
            Session.objects.filter(page__in=[event.pk for event in allowed])
            .exclude(online_link="")
            .order_by("start", "sort_order", "pk")
        )
        for session in rows:
            sessions.setdefault(session.page_id, []).append(session)
    links = []
    for registration, event in pairs:
        if not may_see_links(registration):
            links.append(MeetingLinks())
            continue
        links.append(MeetingLinks(event=event.meeting_link, sessions=sessions.get(event.pk, [])))
    return links
