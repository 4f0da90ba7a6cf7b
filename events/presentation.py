"""What an event page shows, loaded with a fixed number of queries however long the agenda.

``event_context`` turns the page, its sessions, speakers and partners into plain structures
the templates render: the agenda grouped by day in the event's time zone, the speaker grid
(applying the privacy rule of events.models.agenda.SessionSpeaker), partners grouped by role,
and the calendar links.
"""

from dataclasses import dataclass, field
from datetime import UTC
from urllib.parse import urlencode

from django.apps import apps
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from core import pagecache
from core.pictures import attach_renditions
from core.urls import reverse_one
from events import dates, ics
from events.links import organisation_url, person_url
from events.models.agenda import Session, SessionMaterial, SessionSpeaker
from events.models.choices import PARTNER_ROLE_PLURALS, PartnerRole
from events.models.partners import EventPartner
from events.structured_data import event_json_ld, open_graph, share_image

# Speaker photos and partner logos at 1x and 2x, as event_page.html's srcset_image asks.
PHOTO = "fill-{160x160,320x320}"
LOGO = "max-{240x120,480x240}"


# What the agenda, speaker grid and partners show of a person or an organisation: a page of
# 60 speakers loads no biography, contact detail or search text it would not show. (The
# gender is read, never shown: a speaker's role agrees with it in Arabic, see role_label.)
PERSON_SHOWN = ("name", "name_ar", "slug", "title", "title_ar", "photo", "public_profile", "gender")
ORGANISATION_SHOWN = ("name", "name_ar", "acronym", "slug", "is_public", "logo")


def shown(relation, fields):
    return [f"{relation}__{name}" for name in fields]


@dataclass
class SpeakerEntry:
    """A speaker as the public may see them: no profile link, photo or bio without consent."""

    key: int
    name: str
    affiliation: str = ""
    role: str = ""
    title: str = ""
    profile_url: str | None = None
    photo: object = None
    initials: str = ""


@dataclass
class AgendaItem:
    session: object
    start: object
    end: object
    speakers: list = field(default_factory=list)
    ics_url: str = ""
    materials: list = field(default_factory=list)

    @property
    def start_label(self):
        return dates.clock(self.start)

    @property
    def end_label(self):
        return dates.clock(self.end)


@dataclass
class AgendaDay:
    date: object
    label: str
    week: int | None = None
    items: list = field(default_factory=list)


def load_sessions(page, preview=False, with_materials=False):
    """The page's sessions in time order, each with ``public_speakers`` attached, and with
    ``shown_materials`` (those that lead somewhere) when asked ``with_materials``."""
    if preview or page.pk is None:
        sessions = sorted(page.sessions.all(), key=lambda s: (s.start, s.sort_order or 0))
        for session in sessions:
            session.public_speakers = [s for s in session.speakers.all() if s.show_publicly]
            session.shown_materials = [m for m in session.materials.all() if m.href]
        return sessions
    sessions = list(Session.objects.filter(page=page).order_by("start", "sort_order", "pk"))
    by_pk, materials = {}, {}
    for session in sessions:
        session.public_speakers = by_pk.setdefault(session.pk, [])
        session.shown_materials = materials.setdefault(session.pk, [])
    if sessions and with_materials:
        for material in (
            SessionMaterial.objects.filter(session__page=page).select_related("document").order_by("sort_order", "pk")
        ):
            if material.href:
                materials[material.session_id].append(material)
    # One query for every session's speakers, shared out here: prefetching them through the
    # sessions' cluster relation built a queryset per session and per person.
    speakers = (
        SessionSpeaker.objects.filter(session__page=page, show_publicly=True)
        .select_related("organisation", "person__photo")
        .only(
            "sort_order",
            "session",
            "role",
            "show_publicly",
            "person",
            "organisation",
            *shown("person", PERSON_SHOWN),
            *shown("organisation", ORGANISATION_SHOWN),
        )
        .order_by("sort_order", "pk")
    )
    for speaker in speakers:
        by_pk[speaker.session_id].append(speaker)
    load_affiliations([s.person for s in speakers if s.organisation_id is None])
    attach_renditions([speaker.person.photo for speaker in speakers], PHOTO)
    return sessions


def load_affiliations(people):
    """Each of ``people``'s affiliations as ``loaded_affiliations``, in one query: what a
    speaker named without the organisation they speak for is shown with (``affiliation_of``)."""
    if not people:
        return
    affiliation_model = apps.get_model("network", "Affiliation")
    affiliations = affiliation_model.objects.filter(person__in={person.pk for person in people})
    loaded = {person.pk: [] for person in people}
    for affiliation in affiliations.select_related("organisation").only(
        "person", "end_date", "organisation", *shown("organisation", ORGANISATION_SHOWN)
    ):
        loaded[affiliation.person_id].append(affiliation)
    for person in people:
        person.loaded_affiliations = loaded[person.pk]


def load_partners(page, preview=False):
    if preview or page.pk is None:
        return list(page.partners.all())
    partners = EventPartner.objects.filter(page=page).only(
        "sort_order", "page", "role", "organisation", *shown("organisation", ORGANISATION_SHOWN)
    )
    partners = list(partners.select_related("organisation__logo").order_by("sort_order", "pk"))
    attach_renditions([partner.organisation.logo for partner in partners], LOGO)
    return partners


def affiliation_of(speaker):
    if speaker.organisation is not None:
        return speaker.organisation.display_name
    person = speaker.person
    affiliations = getattr(person, "loaded_affiliations", None)
    if affiliations is None:  # a preview's unsaved speakers
        affiliations = list(person.affiliations.all())
    current = [a for a in affiliations if getattr(a, "end_date", None) is None] or affiliations
    return current[0].organisation.display_name if current else ""


def speaker_entry(speaker):
    person = speaker.person
    consented = bool(person.public_profile)
    name = person.display_name
    affiliation = affiliation_of(speaker)
    title = person.display_title if consented else ""
    if title and affiliation and (affiliation in title or title in affiliation):
        title = ""  # say it once
    return SpeakerEntry(
        key=person.pk,
        name=name,
        affiliation=affiliation,
        role=speaker.role_label,
        title=title,
        profile_url=person_url(person),
        photo=person.photo if consented else None,
        initials=person.monogram,
    )


def agenda_days(page, sessions):
    tz = page.zone
    first_day = page.local_start.date()
    spans_weeks = (page.local_end.date() - first_day).days >= 7
    days = {}
    for session in sessions:
        start, end = timezone.localtime(session.start, tz), timezone.localtime(session.end, tz)
        date = start.date()
        if date not in days:
            week = (date - first_day).days // 7 + 1 if spans_weeks else None
            days[date] = AgendaDay(date=date, label=dates.day(start), week=week)
        days[date].items.append(
            AgendaItem(
                session=session,
                start=start,
                end=end,
                speakers=[speaker_entry(s) for s in session.public_speakers],
                ics_url=reverse_one("events:session_ics", "pk", session.pk) if session.pk else "",
                materials=getattr(session, "shown_materials", []),
            )
        )
    return list(days.values())


def speaker_grid(agenda):
    """Each publicly named person once, in the order they first appear on the agenda."""
    seen = {}
    for day in agenda:
        for item in day.items:
            for entry in item.speakers:
                seen.setdefault(entry.key, entry)
    return list(seen.values())


def partner_groups(partners):
    groups = {role: [] for role in PartnerRole.values}
    for partner in partners:
        organisation = partner.organisation
        groups.setdefault(partner.role, []).append(
            {
                "name": organisation.display_name,
                "logo": organisation.logo,
                "url": organisation_url(organisation),
                "initials": organisation.monogram,
            }
        )
    return [
        {"role": role, "label": PARTNER_ROLE_PLURALS.get(role, role), "members": members}
        for role, members in groups.items()
        if members
    ]


def google_calendar_url(page, request, session=None):
    """Google Calendar's "add this" address for the event, or for one of its sessions."""

    def utc(value):
        return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    start, end = (session["start"], session["end"]) if session else (page.start, page.end)
    details = "\n\n".join(filter(None, [page.summary, page.get_full_url(request)]))
    params = {
        "action": "TEMPLATE",
        "text": f"{session['title']} · {page.title}" if session else page.title,
        "dates": f"{utc(start)}/{utc(end)}",
        "details": details,
        "ctz": page.time_zone,
    }
    if page.venue is not None:
        params["location"] = page.venue.one_line()
    return f"https://calendar.google.com/calendar/render?{urlencode(params)}"


def spread_sessions(page, sessions):
    """The sessions (not breaks) of an event spread over weeks, as ``{title, start, end}``: one
    whose sessions fall on some of its days only (a weekly programme), for which a single entry
    from its first day to its last would fill a calendar with days nobody meets. Empty for an
    event held on each of its days, or with sessions on one day only."""
    held = [session for session in sessions if not session.is_break]
    days = {timezone.localtime(session.start, page.zone).date() for session in held}
    first, last = page.local_start.date(), page.local_end.date()
    if len(days) < 2 or len(days) >= (last - first).days + 1:
        return []
    return [{"title": session.title, "start": session.start, "end": session.end} for session in held]


def session_entry(page, session, page_url):
    """A session's calendar entry, naming its publicly shown speakers."""
    url = f"{page_url}#session-{session.key}"
    speakers = [(entry.name, entry.role) for entry in map(speaker_entry, session.public_speakers)]
    return ics.session_component(page, session, url, speakers)


def calendar_entries(page, page_url):
    """An event's entries in a calendar (its own file, the confirmation email's, a
    participant's feed): one from its start to its end or, for an event spread over weeks,
    each of its sessions (``spread_sessions``). Events of one or two days are not read for
    sessions."""
    sessions = _sessions_of_long(page)
    if spread_sessions(page, sessions):
        return [session_entry(page, session, page_url) for session in sessions if not session.is_break]
    return [ics.event_component(page, page_url)]


def _sessions_of_long(page):
    """The sessions of an event of three days or more (``load_sessions``); none read for a
    shorter one, which cannot be spread over weeks."""
    if (page.local_end.date() - page.local_start.date()).days < 2:
        return []
    return load_sessions(page)


def calendar_links(page, request, spread=None):
    """An event's "Add to calendar" addresses. For an event spread over weeks (``spread``:
    ``spread_sessions``, read here when not given), its calendar file holds each session and
    Google's link adds the next session to come."""
    if page.pk is None:
        return {}
    if spread is None:
        spread = spread_sessions(page, _sessions_of_long(page))
    links = {
        "ics": reverse("events:event_ics", kwargs={"pk": page.pk}),
        "agenda_ics": reverse("events:event_agenda_ics", kwargs={"pk": page.pk}),
        "google": google_calendar_url(page, request),
    }
    if spread:
        now = timezone.now()
        upcoming = next((session for session in spread if session["end"] > now), None)
        links.update(
            {
                "spread": len(spread),
                "google": google_calendar_url(page, request, upcoming) if upcoming else None,
                "next_session": upcoming
                and dates.date_range(upcoming["start"], upcoming["end"], page.zone, with_time=True),
            }
        )
    return links


def _shown_to_all(page, request, preview):
    """The heavy part of the page, the same for every visitor in a language: the agenda,
    speakers and partners (rendered), and the structured data that names them."""
    sessions = load_sessions(page, preview, with_materials=True)
    agenda = agenda_days(page, sessions)
    speakers = speaker_grid(agenda)
    groups = partner_groups(load_partners(page, preview))
    topics = list(page.tags.all())
    image = share_image(page, request)
    sections = render_to_string(
        "events/includes/event_sections.html",
        {
            "page": page,
            "agenda": agenda,
            "speakers": speakers,
            "partner_groups": groups,
            "time_zone_label": dates.zone_label(page.time_zone, page.start),
        },
    )
    return {
        "sections": sections,
        "agenda": bool(agenda),
        "speakers": bool(speakers),
        "partner_groups": bool(groups),
        "topics": topics,
        "share_image": image,
        "structured_data": event_json_ld(page, request, speakers, groups, image, topics),
        "spread_sessions": spread_sessions(page, sessions),
    }


def event_context(page, request):
    preview = bool(getattr(request, "is_preview", False))
    if preview or page.pk is None:
        shown = _shown_to_all(page, request, preview)
    else:
        # Kept until the next change to any page or record (core.pagecache's generation), for
        # this address's host and language, and for as long as the event is past or not.
        key = f"event:{page.pk}:{request.get_host()}:{get_language()}:{page.is_past}"
        shown = pagecache.remembered(key, lambda: _shown_to_all(page, request, preview))
    context = {
        **shown,
        "date_range": dates.date_range(page.start, page.end, page.zone),
        "date_range_with_time": dates.date_range(page.start, page.end, page.zone, with_time=True),
        "time_zone_label": dates.zone_label(page.time_zone, page.start),
        "date_tile": dates.tile(page.start, page.end, page.zone),
        "calendar": calendar_links(page, request, shown["spread_sessions"]),
        "index_page": page.get_parent() if page.pk else None,
    }
    context["open_graph"] = open_graph(page, request, shown["share_image"])
    return context
