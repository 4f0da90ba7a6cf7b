"""The event's invitations to register: adding them by pasting lines, the list with each
one's state (counted, searched, filtered and paginated as the registrations list is), sending
one again and withdrawing one. Every change is the service's (services/invitations.py); this
screen shows its answers."""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.contrib import messages
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy
from django.views.generic import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_valid_next_url_from_request

from core.errors import DomainError, report
from events.registrations.models import Invitation, InvitationLanguage, InvitationStatus
from events.registrations.services import invitations as service
from events.registrations.services.people import StaffDetails

from .base import EventMixin, OrganisersOnly
from .listings import PER_PAGE, CellColumn, StaffIndexView
from .search import search_invitations


class InvitationsForm(forms.Form):
    """No ``maxlength``: a longer paste is refused with the limit by the service."""

    lines = forms.CharField(
        label=gettext_lazy("People to invite"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "ltr"}),
        help_text=gettext_lazy(
            "One person a line: an email address, “Name <email>” or “Name, email”. At most 500 at once."
        ),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the invitations"),
        choices=InvitationLanguage.choices,
        initial=InvitationLanguage.ARABIC,
        widget=forms.RadioSelect,
    )


class InvitationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=InvitationStatus.choices, empty_label=gettext_lazy("All"), method="state"
    )

    class Meta:
        model = Invitation
        fields = ["status"]

    def state(self, queryset, name, value):
        return queryset.in_state(value)


class FormsColumn(CellColumn):
    """A column whose cells hold forms, which need the request's CSRF token."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["csrf_token"] = get_token(context["request"])
        return context


class InvitationsView(EventMixin, StaffIndexView):
    """The paste form above the event's invitations: counted by state (each count filters the
    list), searched by address or name, filtered by state, a page at a time."""

    model = Invitation
    template_name = "registrations/staff/invitations.html"
    paginate_by = PER_PAGE
    default_ordering = "-created_at"
    counted = ngettext_lazy("%(count)s invitation", "%(count)s invitations", "count")
    filterset_class = InvitationFilterSet
    # Searched by search_invitations; naming a field turns Wagtail's search box on.
    search_fields = ["search_text"]
    search_backend_name = None

    @cached_property
    def columns(self):
        return [
            CellColumn("email", "address", label=_("Email"), sort_key="email"),
            Column("name", label=_("Name")),
            CellColumn("status", "invitation_status", label=_("Status")),
            CellColumn("sent_at", "date", label=_("Sent"), sort_key="sent_at", date_format="j M Y H:i"),
            Column("language", label=_("Language"), accessor="get_language_display"),
            FormsColumn("actions", "invitation_actions", label=_("Actions")),
        ]

    def get_page_title(self):
        return self.shown_event.title

    def get_page_subtitle(self):
        return _("Invitations")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, *self.event_crumbs(), {"url": "", "label": _("Invitations")}]

    def get_index_url(self):
        return reverse("registrations_admin:invitations", args=[self.event.pk])

    def get_index_results_url(self):
        return reverse("registrations_admin:invitations_results", args=[self.event.pk])

    def get_base_queryset(self):
        return Invitation.objects.filter(event=self.event).select_related(
            "registration", "registration__person", "registration__person__user"
        )

    def order_queryset(self, queryset):
        return super().order_queryset(queryset).order_by(self.ordering, "-pk")

    def search_queryset(self, queryset):
        return search_invitations(queryset, self.search_query)

    def listed_url(self, **changes):
        """This list as the organiser sees it (its search, filter and page), with ``changes``."""
        query = {key: value for key, value in self.request.GET.items() if key in ("q", "status", "p", "ordering")}
        query = {key: value for key, value in {**query, **changes}.items() if value}
        return f"{self.index_url}?{urlencode(query)}" if query else self.index_url

    def decorate(self, invitations):
        back = self.listed_url()
        for invitation in invitations:
            invitation.back_url = back
            if invitation.registration is not None:
                invitation.used_by = StaffDetails(invitation.registration)
                invitation.registration_url = reverse(
                    "registrations_admin:detail", args=[self.event.pk, invitation.registration_id]
                )

    def states(self, counts):
        """The counts above the list, each a link to the list filtered by it."""
        current = self.request.GET.get("status", "")
        shown = [("", _("Invited"), counts["total"])]
        shown += [(status.value, status.label, counts[status.value]) for status in InvitationStatus]
        return [
            {
                "status": status or "total",
                "label": label,
                "count": count,
                "url": self.listed_url(status=status, p=None),
                "current": status == current,
            }
            for status, label, count in shown
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["no_results_message"] = (
            _("No invitation matches.") if self.is_searching or self.is_filtering else _("No one has been invited yet.")
        )
        if not self.results_only:
            counts = service.invitation_counts(self.event)
            context.update(
                {
                    "event": self.event,
                    "shown_event": self.shown_event,
                    "form": getattr(self, "form", None) or InvitationsForm(),
                    # Folded away under its heading once there is a list to work on, unless
                    # it comes back with what was pasted.
                    "form_open": counts["total"] == 0 or hasattr(self, "form"),
                    "states": self.states(counts),
                    "registration_settings": self.registration_settings,
                    "bad_lines": getattr(self, "bad_lines", []),
                }
            )
        return context

    def post(self, request, *args, **kwargs):
        form = InvitationsForm(request.POST)
        if not form.is_valid():
            return self.refused(form, status=400)
        try:
            batch = service.invite(
                self.event, form.cleaned_data["lines"], language=form.cleaned_data["language"], by=request.user
            )
        except DomainError as error:
            form.add_error("lines", error.message)
            return self.refused(form, getattr(error, "lines", []), status=error.status)
        if batch.invited:
            messages.success(
                request,
                ngettext("%(count)s invitation sent.", "%(count)s invitations sent.", len(batch.invited))
                % {"count": len(batch.invited)},
            )
        if batch.skipped:
            messages.warning(
                request, _("Already invited, so skipped: %(emails)s.") % {"emails": ", ".join(batch.skipped)}
            )
        return redirect(self.index_url)

    def refused(self, form, bad_lines=(), *, status):
        """The page again, the form with what was pasted and why it was refused."""
        self.form, self.bad_lines = form, list(bad_lines)
        response = self.get(self.request)
        response.status_code = status
        return response


class InvitationActionView(EventMixin, OrganisersOnly, View):
    """``send_again`` or ``revoke`` one invitation (POST only), back to the list as it was left
    (its search, filter and page)."""

    action = None
    http_method_names = ["post"]
    DONE = {
        "send_again": gettext_lazy("The invitation was sent again to %(email)s."),
        "revoke": gettext_lazy("The invitation of %(email)s was withdrawn: its link no longer works."),
    }

    def post(self, request, *args, **kwargs):
        operation = getattr(service, self.action)
        try:
            invitation = operation(self.event, kwargs["pk"], by=request.user)
        except DomainError as error:
            report(request, error)
        else:
            messages.success(request, self.DONE[self.action] % {"email": invitation.email})
        listed = reverse("registrations_admin:invitations", args=[self.event.pk])
        back = get_valid_next_url_from_request(request)
        return redirect(back if back and back.split("?")[0] == listed else listed)
