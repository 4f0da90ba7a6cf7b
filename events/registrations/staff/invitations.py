"""The event's invitations to register: adding them by pasting lines, the list with each
one's state, sending one again and withdrawing one. Every change is the service's
(services/invitations.py); this screen shows its answers."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import View

from core.errors import DomainError, report
from events.registrations.models import Invitation, InvitationLanguage
from events.registrations.services import invitations as service
from events.registrations.services.people import StaffDetails

from .base import EventMixin, OrganisersOnly
from .views import EventStaffView


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


class InvitationsView(EventStaffView):
    template_name = "registrations/staff/invitations.html"

    def extra_crumbs(self):
        return [{"url": "", "label": _("Invitations")}]

    def get_page_subtitle(self):
        return _("Invitations")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invitations = list(
            Invitation.objects.filter(event=self.event).select_related(
                "registration", "registration__person", "registration__person__user"
            )
        )
        for invitation in invitations:
            if invitation.registration is not None:
                invitation.used_by = StaffDetails(invitation.registration)
                invitation.registration_url = reverse(
                    "registrations_admin:detail", args=[self.event.pk, invitation.registration_id]
                )
        context.update(
            {
                "form": kwargs.get("form") or InvitationsForm(),
                "invitations": invitations,
                "counts": service.invitation_counts(self.event),
                "registration_settings": self.registration_settings,
                "bad_lines": kwargs.get("bad_lines", []),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = InvitationsForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            batch = service.invite(
                self.event, form.cleaned_data["lines"], language=form.cleaned_data["language"], by=request.user
            )
        except DomainError as error:
            form.add_error("lines", error.message)
            context = self.get_context_data(form=form, bad_lines=getattr(error, "lines", []))
            return self.render_to_response(context, status=error.status)
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
        return redirect("registrations_admin:invitations", self.event.pk)


class InvitationActionView(EventMixin, OrganisersOnly, View):
    """``send_again`` or ``revoke`` one invitation (POST only), back to the list."""

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
        return redirect("registrations_admin:invitations", self.event.pk)
