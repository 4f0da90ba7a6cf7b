"""The organisers' lists, on Wagtail's generic index view: every event they may manage with its
live counts, and one event's registrations with search, filters, sorting, pagination and bulk
actions.

Each list decorates only the page of rows it shows (titles in the admin user's language, counts,
what staff may see of each person) with a fixed number of queries, whatever the page's length.
An attendee export belongs on the registrations list as Wagtail's ``list_export`` with
``as_spreadsheet``: its rows read through ``StaffDetails`` like the table's, its cells written
by network.spreadsheets, and it gets the list's filters and search for free.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.widgets import HeaderButton
from wagtail.models import Locale

from core.admin_lists import CountedIndexMixin
from events.models import EventPage
from events.permissions import can_manage_event, manageable_events, reports_policy
from events.registrations import services
from events.registrations.models import Registration, RegistrationSettings
from events.registrations.services.people import StaffDetails

from .base import EventMixin, OrganisersOnly, in_admin_language, index_crumb
from .bulk_actions import footer_buttons
from .filters import filterset_for
from .search import search_registrations

PER_PAGE = 100
EVENTS_PER_PAGE = 50


class CellColumn(Column):
    """A column drawn by one of this app's cell templates (``instance`` is the row)."""

    def __init__(self, name, template, date_format=None, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = f"registrations/staff/includes/{template}_cell.html"
        self.date_format = date_format


class StaffIndexView(OrganisersOnly, CountedIndexMixin, IndexView):
    """Wagtail's index view, answered by the organisers' permission rule (events.permissions)
    rather than by model permissions: no add, edit or delete views behind it."""

    any_permission_required = None
    permission_policy = None

    def decorate(self, rows):
        """Sets what the columns show on the rows of one page."""

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = rows = list(rows)
        self.decorate(rows)
        return paginator, page, rows, is_paginated


class EventsIndexView(StaffIndexView):
    """Every event the organiser may manage (or, for a reporter, read), newest first, with its
    live counts."""

    policy = reports_policy

    page_title = _("Registrations")
    template_name = "registrations/staff/index.html"
    index_url_name = "registrations_admin:index"
    paginate_by = EVENTS_PER_PAGE
    default_ordering = "-start"
    verbose_name_plural = _("events")
    counted = ngettext_lazy("%(count)s event", "%(count)s events", "count")

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Event"),
                accessor="shown_title",
                get_url=lambda event: reverse("registrations_admin:event", args=[event.pk]),
            ),
            CellColumn("start", "date", label=_("Starts"), sort_key="start", date_format="j M Y"),
            CellColumn("window", "window", label=_("Registration")),
            CellColumn("seats", "seats", label=_("Confirmed / capacity")),
            Column("waitlisted", label=_("Waiting list"), accessor="counts.waitlisted"),
            Column("pending", label=_("Pending approval"), accessor="counts.pending"),
            CellColumn("actions", "event_actions", label=_("Actions")),
        ]

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, index_crumb()]

    def get_base_queryset(self):
        return self.policy.events_for_user(self.request.user, EventPage.objects.filter(locale=Locale.get_default()))

    def order_queryset(self, queryset):
        return super().order_queryset(queryset).order_by(self.ordering, "-pk")

    def decorate(self, events):
        ids = [event.pk for event in events]
        managed = set(
            manageable_events(self.request.user, EventPage.objects.filter(pk__in=ids)).values_list("pk", flat=True)
        )
        settings = {s.event_id: s for s in RegistrationSettings.objects.filter(event_id__in=ids)}
        counts = services.counts_by_event(ids)
        now = timezone.now()
        for event, shown in zip(events, in_admin_language(events), strict=True):
            event.shown_title = shown.title
            event.can_manage = event.pk in managed
            event.counts = counts[event.pk]
            event.registration_setup = settings.get(event.pk)
            if event.registration_setup is not None:
                event.registration_setup.event = event
            event.window = event.registration_setup.window_state(now) if event.registration_setup else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["no_results_message"] = _("There are no events you can manage registrations for.")
        return context


class RegistrationsIndexView(EventMixin, StaffIndexView):
    """One event's registrations: the live counts, then the list, searched with the directory's
    spelling-insensitive matching and filtered by status, role, source, acceptance, answers and
    attendance. Reporters of the event read it and export it; only its organisers open a
    registration, act on it or add one."""

    policy = reports_policy

    model = Registration
    template_name = "registrations/staff/event.html"
    paginate_by = PER_PAGE
    default_ordering = "-created_at"
    counted = ngettext_lazy("%(count)s registration", "%(count)s registrations", "count")
    # Searched by search_registrations; naming a field turns Wagtail's search box on.
    search_fields = ["entered_search_text"]
    search_backend_name = None

    @cached_property
    def filterset_class(self):
        return filterset_for(self.event)

    @cached_property
    def can_manage(self):
        return can_manage_event(self.request.user, self.event)

    @cached_property
    def columns(self):
        bulk = [BulkActionsCheckboxColumn("bulk_actions", obj_type="registration")] if self.can_manage else []
        return [
            *bulk,
            TitleColumn(
                "reference",
                label=_("Reference"),
                sort_key="reference",
                get_url=self.detail_url if self.can_manage else None,
                get_title_id=lambda registration: f"registration_{registration.pk}_title",
                classname="w-whitespace-nowrap",
            ),
            CellColumn("name", "name", label=_("Name")),
            CellColumn("email", "email", label=_("Email")),
            CellColumn("status", "status", label=_("Status"), sort_key="status"),
            Column("source", label=_("Source"), accessor="get_source_display"),
            CellColumn("created_at", "date", label=_("Registered"), sort_key="created_at", date_format="j M Y H:i"),
        ]

    def detail_url(self, registration):
        return reverse("registrations_admin:detail", args=[self.event.pk, registration.pk])

    def get_page_title(self):
        return self.shown_event.title

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, *self.event_crumbs()]

    def get_index_url(self):
        return self.event_url()

    def get_index_results_url(self):
        return reverse("registrations_admin:event_results", args=[self.event.pk])

    def get_base_queryset(self):
        return (
            Registration.objects.filter(event=self.event)
            .select_related("person", "person__user")
            .with_waitlist_position()
        )

    def order_queryset(self, queryset):
        return super().order_queryset(queryset).order_by(self.ordering, "-pk")

    def search_queryset(self, queryset):
        return search_registrations(queryset, self.search_query)

    def decorate(self, registrations):
        for registration in registrations:
            registration.shown = StaffDetails(registration)

    @cached_property
    def header_buttons(self):
        if self.registration_settings is None or not self.can_manage:
            return []
        return [
            HeaderButton(
                _("Add a registration"), reverse("registrations_admin:add", args=[self.event.pk]), icon_name="plus"
            ),
            HeaderButton(
                _("Import registrations"),
                reverse("registrations_admin:import", args=[self.event.pk]),
                icon_name="upload",
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["no_results_message"] = (
            _("No registration matches.") if self.is_searching or self.is_filtering else _("No registrations yet.")
        )
        if not self.results_only:
            # The page around the list; a search or a filter only swaps the list.
            context.update(
                {
                    "event": self.event,
                    "shown_event": self.shown_event,
                    "registration_settings": self.registration_settings,
                    "counts": services.Counts.for_event(self.event.pk),
                    "counts_url": reverse("registrations_admin:counts", args=[self.event.pk]),
                    "bulk_buttons": footer_buttons(self.event.pk) if self.can_manage else [],
                    "can_manage": self.can_manage,
                }
            )
        return context
