"""The evaluation in the Wagtail admin, under /admin/evaluation/: an "Evaluation" button on each
event page for its organisers; and what other apps ask of it through their hooks — My events
and a registration's page (the registrations app), the event report's figures (reporting) and
what goes when an event's personal data is erased (registrations' retention)."""

from django.urls import include, path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from events.models import EventPage
from events.permissions import can_report_on
from events.registrations.services.retention import ERASE_HOOK
from events.reporting.services.event_report import REPORT_FIGURES_HOOK
from events.translation import localized_events

from .services.participants import invitations_for
from .services.results import report_figures
from .services.retention import erase_free_text


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("evaluation/", include(("events.evaluation.staff.urls", "evaluation_admin"), namespace="evaluation_admin"))
    ]


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    if page.specific_class is EventPage and can_report_on(user, page):
        yield Button(
            _("Evaluation"), reverse("evaluation_admin:results", args=[page.pk]), icon_name="form", priority=44
        )


@hooks.register("my_events_registration_context")
def my_events_evaluations(registrations):
    """My events (and a registration's page) offer the evaluation of each event the participant
    may evaluate, once it opens: to answer, answered, or closed."""
    rows = invitations_for(registrations)
    events = localized_events([row.registration.event for row in rows], get_language())
    for row, event in zip(rows, events, strict=True):
        row.event = event
    return {"evaluations": rows}


hooks.register(REPORT_FIGURES_HOOK, report_figures)
# Free text may name people: it goes when the event's personal data is erased (services/retention.py).
hooks.register(ERASE_HOOK, erase_free_text)
