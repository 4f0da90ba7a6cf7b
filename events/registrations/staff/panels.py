"""The organiser's panel on the Wagtail dashboard: their coming events that take
registrations, with what needs them (pending approvals), the seats left and the next date."""

from django.db.models import Min
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Locale

from events.models import EventPage, Session
from events.permissions import can_manage_registrations, manageable_events
from events.registrations.models import RegistrationSettings
from events.registrations.services.availability import counts_by_event

from .base import in_admin_language

LIMIT = 10


class MyEventsPanel(Component):
    name = "registrations_my_events"
    order = 60
    template_name = "registrations/staff/panel.html"

    def __init__(self, user):
        self.user = user

    def rows(self):
        now = timezone.now()
        taking = RegistrationSettings.objects.values("event_id")
        events = list(
            manageable_events(
                self.user,
                EventPage.objects.filter(locale=Locale.get_default(), end__gte=now, pk__in=taking).order_by("start"),
            )[:LIMIT]
        )
        ids = [event.pk for event in events]
        settings = {s.event_id: s for s in RegistrationSettings.objects.filter(event_id__in=ids)}
        counts = counts_by_event(ids)
        next_sessions = dict(
            Session.objects.filter(page_id__in=ids, start__gte=now)
            .values("page_id")
            .annotate(next=Min("start"))
            .values_list("page_id", "next")
            .order_by()
        )
        rows = []
        for event, shown in zip(events, in_admin_language(events), strict=True):
            capacity = settings[event.pk].capacity
            upcoming = [moment for moment in (next_sessions.get(event.pk), event.start) if moment and moment >= now]
            rows.append(
                {
                    "event": event,
                    "title": shown.title,
                    "pending": counts[event.pk].pending,
                    "seats_left": None if capacity is None else max(capacity - counts[event.pk].confirmed, 0),
                    "next": min(upcoming) if upcoming else None,
                    "zone": event.zone,
                }
            )
        return rows

    def get_context_data(self, parent_context=None):
        return {"rows": self.rows()}


def panels_for(request, panels):
    if can_manage_registrations(request.user):
        panels.append(MyEventsPanel(request.user))
