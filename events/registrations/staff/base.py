"""What every organisers' screen shares: only organisers see any of it (everyone else gets a
404, as if it did not exist), and an event's screens answer 404 for an event the user may not
manage, so its name, counts and registrations never show."""

from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext_lazy

from events.models import EventPage
from events.permissions import registrations_policy
from events.registrations.models import RegistrationSettings
from events.translation import localized_events


def event_or_404(request, event_id, policy=registrations_policy):
    """The canonical event behind ``event_id`` (either language's page), if the user may do
    the ``policy``'s work on it (manage its registrations, by default)."""
    page = EventPage.objects.filter(pk=event_id).first()
    if page is None:
        raise Http404
    event = page.canonical
    if not policy.user_has_permission_for(request.user, event):
        raise Http404
    return event


def in_admin_language(events):
    """``events`` (canonical pages) in the admin user's language where a translation exists."""
    return localized_events(events, (get_language() or "ar").split("-")[0], live_only=False)


def index_crumb():
    return {"url": reverse("registrations_admin:index"), "label": gettext_lazy("Registrations")}


class OrganisersOnly:
    """Only those the view's ``policy`` lets work on some event reach it: organisers, and for
    the screens that read (lists, exports, reports) the reporters given an event too."""

    header_icon = "form"
    policy = registrations_policy

    def dispatch(self, request, *args, **kwargs):
        if not self.policy.user_has_permission(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class EventMixin:
    """A screen of one event, named by ``event_id`` in its address."""

    def dispatch(self, request, *args, **kwargs):
        """The event is looked up before anything sent is read, so that another event's screen
        answers a form as it answers a visit: not found."""
        self.event  # noqa: B018 - the lookup is the point: it raises Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def event(self):
        return event_or_404(self.request, self.kwargs["event_id"], self.policy)

    @cached_property
    def registration_settings(self):
        return RegistrationSettings.objects.filter(event=self.event).first()

    @cached_property
    def shown_event(self):
        """The event in the admin user's language where it is translated: its title heads
        the page and the breadcrumb."""
        return in_admin_language([self.event])[0]

    def event_url(self):
        return reverse("registrations_admin:event", args=[self.event.pk])

    def event_crumbs(self):
        return [index_crumb(), {"url": self.event_url(), "label": self.shown_event.title}]
