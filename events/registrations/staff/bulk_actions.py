"""The bulk actions of an event's registrations list, on Wagtail's bulk-action views: the list's
footer sends the selection to a confirmation page, which runs the action through the
registration services and returns to the list with one message for the updated registrations
and one for each refusal.

They live at ``event/<id>/bulk/<action>/`` rather than at Wagtail's global bulk address, so a
selection can only ever touch the registrations of the event in the address. Another action
(an export of the selection, a badge sheet) is one more class in ``BULK_ACTIONS``.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.widgets import ListingButton

from core.errors import DomainError
from core.ids import record_ids
from events.permissions import can_manage_registrations, registrations_policy
from events.registrations.models import Registration, RegistrationStatus
from events.registrations.services.people import StaffDetails

from .actions import apply_action
from .base import event_or_404, in_admin_language
from .filters import FiltersNotUnderstood, listed
from .forms import ReasonForm


class BeyondCapacityForm(forms.Form):
    override_capacity = forms.BooleanField(
        label=gettext_lazy("Beyond capacity"),
        required=False,
        help_text=gettext_lazy("Confirm even when no seat is free."),
    )


def list_url(request, event):
    """Where the organiser returns: the list as they left it (its search, filters and page)."""
    return get_valid_next_url_from_request(request) or reverse("registrations_admin:event", args=[event.pk])


class RegistrationBulkAction(BulkAction):
    models = [Registration]
    template_name = "registrations/staff/bulk_confirm.html"
    classes = set()
    ends = False  # declines or cancels: the page says what follows and takes a reason

    def __init__(self, request, event):
        super().__init__(request, Registration)
        self.event = event
        self.next_url = list_url(request, event)
        self.refused = []

    @cached_property
    def selected(self):
        ids = self.request.GET.getlist("id")
        registrations = Registration.objects.filter(event=self.event).select_related("person", "person__user")
        if "all" in ids:
            try:
                registrations = listed(self.request.GET, registrations, self.event)
            except FiltersNotUnderstood:
                registrations = registrations.none()
        else:
            registrations = registrations.filter(pk__in=record_ids(ids))
        registrations = registrations_policy.filter_records(self.request.user, registrations)
        return list(registrations.order_by("pk"))

    def get_actionable_objects(self):
        return self.selected, {"items_with_no_access": []}

    def object_context(self, registration):
        return {"item": registration, "shown": StaffDetails(registration)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"action": self, "shown_event": in_admin_language([self.event])[0]})
        return context

    def get_execution_context(self):
        data = self.cleaned_form.cleaned_data
        return {
            "by": self.request.user,
            "override_capacity": bool(data.get("override_capacity")),
            "reason": data.get("reason", ""),
            "refused": self.refused,
            "waitlisted": self.waitlisted,
        }

    @cached_property
    def waitlisted(self):
        """The registrations the action left on the waiting list (approved with no seat free)."""
        return []

    @classmethod
    def execute_action(cls, objects, by=None, override_capacity=False, reason="", refused=None, waitlisted=None):
        done = 0
        for registration in objects:
            try:
                updated = apply_action(
                    registration, cls.action_type, by=by, override_capacity=override_capacity, reason=reason
                )
            except DomainError as error:
                if refused is not None:
                    refused.append((registration, error))
            else:
                done += 1
                if waitlisted is not None and getattr(updated, "status", None) == RegistrationStatus.WAITLISTED:
                    waitlisted.append(updated)
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        if not num_parent_objects:
            return None
        message = ngettext(
            "%(count)s registration updated.", "%(count)s registrations updated.", num_parent_objects
        ) % {"count": num_parent_objects}
        if self.waitlisted:
            message += " " + _("Of them, %(count)s went to the waiting list: no seat was free.") % {
                "count": len(self.waitlisted)
            }
        return message

    def form_valid(self, form):
        response = super().form_valid(form)
        for registration, error in self.refused:
            messages.error(self.request, f"{registration.reference} ({StaffDetails(registration)}): {error.message}")
        return response


class ApproveBulkAction(RegistrationBulkAction):
    display_name = gettext_lazy("Approve")
    action_type = "approve"
    aria_label = gettext_lazy("Approve the selected registrations")
    action_priority = 10
    form_class = BeyondCapacityForm


class PromoteBulkAction(RegistrationBulkAction):
    display_name = gettext_lazy("Promote from the waiting list")
    action_type = "promote"
    aria_label = gettext_lazy("Promote the selected registrations from the waiting list")
    action_priority = 20
    form_class = BeyondCapacityForm


class DeclineBulkAction(RegistrationBulkAction):
    display_name = gettext_lazy("Decline")
    action_type = "decline"
    aria_label = gettext_lazy("Decline the selected registrations")
    form_class = ReasonForm
    ends = True
    action_priority = 30
    classes = {"serious"}


class CancelBulkAction(RegistrationBulkAction):
    display_name = gettext_lazy("Cancel")
    action_type = "cancel"
    aria_label = gettext_lazy("Cancel the selected registrations")
    form_class = ReasonForm
    ends = True
    action_priority = 40
    classes = {"serious"}


BULK_ACTIONS = {
    action.action_type: action for action in (ApproveBulkAction, PromoteBulkAction, DeclineBulkAction, CancelBulkAction)
}


def footer_buttons(event_id):
    """The list footer's buttons; Wagtail's bulk-action script adds the selection and the
    address to come back to. Writing to the selected participants opens its own page
    (staff/messages.py), which the script sends the selection to the same way."""
    write = ListingButton(
        gettext_lazy("Write to participants"),
        reverse("registrations_admin:write", args=[event_id]),
        attrs={"aria-label": gettext_lazy("Write to the selected participants"), "data-bulk-action-button": ""},
        priority=5,
        classname="bulk-action-btn",
    )
    return [write] + [
        ListingButton(
            action.display_name,
            reverse("registrations_admin:bulk", args=[event_id, action_type]),
            attrs={"aria-label": action.aria_label, "data-bulk-action-button": ""},
            priority=action.action_priority,
            classname=" ".join(action.classes | {"bulk-action-btn"}),
        )
        for action_type, action in BULK_ACTIONS.items()
    ]


def bulk_action(request, event_id, action):
    """Confirms (GET) and runs (POST) one bulk action on the selected registrations of the
    event in the address; a request without a known action or a selection changes nothing."""
    if not can_manage_registrations(request.user):
        raise Http404
    event = event_or_404(request, event_id)
    action_class = BULK_ACTIONS.get(action)
    if action_class is None:
        messages.error(request, _("Choose an action."))
        return redirect(list_url(request, event))
    view = action_class(request, event)
    if not view.selected:
        messages.error(request, _("Select at least one registration."))
        return redirect(view.next_url)
    return view.dispatch(request)
