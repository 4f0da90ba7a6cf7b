"""Calendar files: one event, one event with its agenda, one session, and subscribable feeds.

Each view looks the record up, picks the version in the language of the URL, and hands it to
events.ics. Unknown ids, kinds or organisations are a 404.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from wagtail.models import Locale

from core import pagecache
from events import ics
from events.models import EventKind, EventPage, Session
from events.presentation import calendar_entries, load_sessions, session_entry
from events.queries import public_event_or_404, public_events, public_pages, with_organisation
from network.models import Organisation

FEED_LIMIT = 500


def calendar_response(content, filename, attachment=True):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    return response


def _event(request, pk):
    page = public_event_or_404(pk)
    localized = page.localized
    if localized.pk != page.pk:
        page = EventPage.objects.select_related("venue").get(pk=localized.pk)
    return page


@pagecache.shared
def event_ics(request, pk):
    """The event as one entry; an event spread over weeks (a weekly programme) as its sessions,
    each an entry of its own, rather than one block from its first day to its last."""
    page = _event(request, pk)
    content = ics.calendar_bytes(page.title, calendar_entries(page, page.get_full_url(request)), [page])
    return calendar_response(content, f"{page.slug}.ics")


@pagecache.shared
def event_agenda_ics(request, pk):
    page = _event(request, pk)
    page_url = page.get_full_url(request)  # once: Wagtail finds the page's site for each address
    components = [ics.event_component(page, page_url)]
    components += [session_entry(page, session, page_url) for session in load_sessions(page) if not session.is_break]
    content = ics.calendar_bytes(page.title, components, [page])
    return calendar_response(content, f"{page.slug}-agenda.ics")


@pagecache.shared
def session_ics(request, pk):
    session = get_object_or_404(Session.objects.filter(page__in=public_pages()), pk=pk)
    page = _event(request, session.page_id)
    session = next((s for s in load_sessions(page) if s.key == session.key), None)
    if session is None:
        raise Http404(_("This session is not on the event's agenda in this language."))
    content = ics.calendar_bytes(session.title, [session_entry(page, session, page.get_full_url(request))], [page])
    return calendar_response(content, f"{page.slug}-{session.pk}.ics")


def _feed(request, name, events, filename):
    pages = list(events.order_by("start", "pk")[:FEED_LIMIT])
    components = [ics.event_component(page, page.get_full_url(request)) for page in pages]
    return calendar_response(ics.calendar_bytes(name, components, pages), filename, attachment=False)


def _upcoming():
    return public_events(Locale.get_active()).filter(end__gte=timezone.now())


@pagecache.shared
def upcoming_ics(request):
    return _feed(request, _("Multaqa: upcoming events"), _upcoming(), "upcoming.ics")


@pagecache.shared
def kind_ics(request, kind):
    if kind not in EventKind.values:
        raise Http404(_("There is no such kind of event."))
    name = _("Multaqa: %(kind)s") % {"kind": EventKind(kind).label}
    return _feed(request, name, _upcoming().filter(kind=kind), f"{kind}.ics")


@pagecache.shared
def organisation_ics(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug, is_public=True)
    events = with_organisation(_upcoming(), organisation)
    name = _("Multaqa: events with %(organisation)s") % {"organisation": organisation.display_name}
    return _feed(request, name, events, f"{organisation.slug}.ics")
