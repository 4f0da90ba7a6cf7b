"""The organisers' webhook screens: one Wagtail model viewset (list with an event filter, add,
edit, delete, history) and an endpoint's page with its secret and its latest deliveries, under
/admin/webhooks/ in the Settings menu.

Who sees what is access.py's (the events' permission policy): the list holds only the
endpoints the user may manage, and any other endpoint's screens answer "not found". Every
change goes through services.py; a refusal comes back as a message in the user's language.
"""

import django_filters
from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.utils import get_latest_str
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseOperationView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.models import Locale
from wagtail.permission_policies.base import BasePermissionPolicy

from core.errors import DomainError, report
from core.text import join
from events import converters  # noqa: F401 - registers record_id
from events.models import EventPage
from events.permissions import can_manage_registrations, manageable_events

from . import services
from .access import deliveries_for, endpoints_for, may_manage, shows_secret
from .delivery import describe
from .forms import EndpointForm, event_titles
from .models import Delivery, Endpoint

LATEST_DELIVERIES = 25


class EndpointPolicy(BasePermissionPolicy):
    """Wagtail's questions answered by access.py: organisers may add endpoints, and act on
    those they may manage."""

    def user_has_permission(self, user, action):
        return can_manage_registrations(user)

    def user_has_any_permission(self, user, actions):
        return can_manage_registrations(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return may_manage(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return may_manage(user, instance)

    def instances_user_has_permission_for(self, user, action):
        return endpoints_for(user)

    def instances_user_has_any_permission_for(self, user, actions):
        return endpoints_for(user)


class VisibleEndpoints:
    """Any endpoint the user may not manage is "not found", as if it did not exist."""

    def get_base_object_queryset(self):
        return endpoints_for(self.request.user).select_related("event", "owner")

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_base_object_queryset(), pk=self.kwargs["pk"])


def _event_label(endpoint, titles):
    if endpoint.event_id is None:
        return _("Every event of %(owner)s") % {"owner": _person(endpoint.owner)}
    return titles.get(endpoint.event_id, "")


def _person(user):
    return user.get_full_name() or user.get_username()


class EndpointFilterSet(WagtailFilterSet):
    event = django_filters.ChoiceFilter(label=_("Event"), method="filter_event", empty_label=_("All"))

    class Meta:
        model = Endpoint
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        events = list(
            manageable_events(request.user, EventPage.objects.filter(locale=Locale.get_default())).order_by(
                "-start", "-pk"
            )
        )
        titles = event_titles(events)
        choices = [("all", _("Every event of its owner")), *((str(event.pk), titles[event.pk]) for event in events)]
        self.filters["event"].extra["choices"] = choices

    def filter_event(self, queryset, name, value):
        if value == "all":
            return queryset.filter(event__isnull=True)
        return queryset.filter(event_id=value)


class IndexView(generic.IndexView):
    filterset_class = EndpointFilterSet
    default_ordering = "-created_at"

    @cached_property
    def columns(self):
        return [
            TitleColumn("url", label=_("Endpoint URL"), get_url=self.get_inspect_url),
            Column("event", label=_("Event"), accessor="shown_event"),
            Column("kinds", label=_("Changes sent"), accessor="shown_kinds"),
            BooleanColumn("active", label=_("Active")),
        ]

    def get_base_queryset(self):
        return endpoints_for(self.request.user).select_related("owner")

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = rows = list(rows)
        events = list(EventPage.objects.filter(pk__in={row.event_id for row in rows if row.event_id}))
        titles = event_titles(events)
        for row in rows:
            row.shown_event = _event_label(row, titles)
            row.shown_kinds = join(row.kind_labels())
        return paginator, page, rows, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["no_results_message"] = _("No webhook endpoint yet. Add one to send your events' changes to it.")
        return context


class SavingThroughServices:
    """Saves with services.py; a refusal it finds (the address changed its mind since the
    form checked it) is shown on the form."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)

    def get_success_buttons(self):
        return []  # the endpoint's page, where they land, has its own

    def service_fields(self):
        data = self.form.cleaned_data
        return {key: data[key] for key in ("url", "kinds", "description", "active")}


class CreateView(SavingThroughServices, generic.CreateView):
    def get_initial(self):
        return {**super().get_initial(), "kinds": [], "event": self.request.GET.get("event")}

    def save_instance(self):
        return services.create_endpoint(
            by=self.request.user, event=self.form.cleaned_data["event"], **self.service_fields()
        )

    def get_success_url(self):
        return reverse("webhooks:inspect", args=[self.object.pk])

    def get_success_message(self, instance):
        return gettext("Endpoint added. Its signing secret is below.")


class EditView(SavingThroughServices, VisibleEndpoints, generic.EditView):
    def save_instance(self):
        return services.update_endpoint(self.object, by=self.request.user, **self.service_fields())

    def get_success_url(self):
        return reverse("webhooks:inspect", args=[self.object.pk])

    def get_success_message(self):
        return gettext("Endpoint saved.")


class DeleteView(VisibleEndpoints, generic.DeleteView):
    def delete_action(self):
        services.delete_endpoint(self.object, by=self.request.user)


class EndpointHistoryView(VisibleEndpoints, HistoryView):
    pass


class EndpointUsageView(VisibleEndpoints, UsageView):
    pass


class DetailView(VisibleEndpoints, generic.InspectView):
    """The endpoint with its secret (for its owner) and its latest deliveries."""

    template_name = "webhooks/endpoint.html"

    def get_page_title(self):
        return _("Webhook endpoint")

    def get_page_subtitle(self):
        return get_latest_str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        endpoint = self.object
        events = [endpoint.event] if endpoint.event_id else []
        deliveries = list(endpoint.deliveries.prefetch_related("attempt_log")[:LATEST_DELIVERIES])
        for delivery in deliveries:
            delivery.shown_error = describe(delivery.error) if delivery.error else ""
            for attempt in delivery.attempt_log.all():
                attempt.shown_error = describe(attempt.error) if attempt.error else ""
        context.update(
            {
                "endpoint": endpoint,
                "event_label": _event_label(endpoint, event_titles(events)),
                "kinds_label": join(endpoint.kind_labels()),
                "owner_name": _person(endpoint.owner),
                "shows_secret": shows_secret(self.request.user, endpoint),
                "deliveries": deliveries,
            }
        )
        return context

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(_("Edit"), url=reverse("webhooks:edit", args=[self.object.pk]), icon_name="edit"),
        ]


class RotateSecretView(BaseOperationView):
    model = Endpoint
    success_url_name = "webhooks:inspect"

    def get_base_object_queryset(self):
        return endpoints_for(self.request.user)

    def perform_operation(self):
        try:
            services.rotate_secret(self.object, by=self.request.user)
        except DomainError as error:
            report(self.request, error)
            return
        messages.success(self.request, gettext("New secret made. Requests are signed with it from now on."))


class RedeliverView(BaseOperationView):
    model = Delivery

    def get_base_object_queryset(self):
        return deliveries_for(self.request.user)

    def get_success_url(self):
        return reverse("webhooks:inspect", args=[self.object.endpoint_id])

    def perform_operation(self):
        try:
            services.redeliver(self.object.pk, by=self.request.user)
        except DomainError as error:
            report(self.request, error)
            return
        messages.success(self.request, gettext("The delivery is being sent again."))


class OrganisersMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_registrations(request.user)


class EndpointViewSet(ModelViewSet):
    model = Endpoint
    name = "webhooks"
    url_prefix = "webhooks"
    icon = "link"
    menu_label = _("Webhooks")
    add_to_settings_menu = True
    menu_item_class = OrganisersMenuItem
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = EndpointHistoryView
    usage_view_class = EndpointUsageView
    inspect_view_class = DetailView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    pk_path_converter = "record_id"

    def get_form_class(self, for_update=False):
        return EndpointForm

    def get_permissions_to_register(self):
        # No model permission of their own: access.py asks the events' policy.
        return super().get_permissions_to_register().none()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("rotate/<record_id:pk>/", RotateSecretView.as_view(), name="rotate"),
            path("redeliver/<record_id:pk>/", RedeliverView.as_view(), name="redeliver"),
        ]
