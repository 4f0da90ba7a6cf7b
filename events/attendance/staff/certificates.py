"""An event's certificates, for its organisers: who is eligible and how far they came, the
certificates issued and revoked; issuing to everyone eligible at once or to one person,
revoking one with a reason; every certificate in one PDF, drawn by a print job. Each action
calls the certificate services."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.utils import get_valid_next_url_from_request

from core.errors import DomainError, report
from events.attendance.errors import AttendanceError
from events.attendance.models import Certificate, PrintJob
from events.attendance.services.certificates import grouped, issue, issue_eligible, pdf_url, printable, revoke
from events.attendance.services.completion import progress_of, rule_text
from events.attendance.slots import plan_for
from events.attendance.tasks import start_print_job
from events.registrations.models import Registration

from .overview import AttendanceStaffView
from .printing import job_url


class ActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("issue_all", ""), ("issue", ""), ("revoke", ""), ("print_all", "")])
    registration = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    certificate = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    reason = forms.CharField(required=False, max_length=255)


def certificate_rows(event):
    """The event's certificates with their holders, issued ones first, in one query."""
    rows = (
        Certificate.objects.filter(registration__event_id=event.pk)
        .select_related("registration__person", "issued_by", "revoked_by")
        .order_by("revoked_at", "registration__person__name", "pk")
    )
    for certificate in rows:
        certificate.grouped_code = grouped(certificate.code)
        certificate.pdf_url = "" if certificate.is_revoked else pdf_url(certificate)
        yield certificate


class CertificatesView(AttendanceStaffView):
    template_name = "attendance/staff/certificates.html"

    def more_crumbs(self):
        return [{"url": "", "label": _("Certificates")}]

    def get_page_subtitle(self):
        return _("Certificates")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.event
        plan = plan_for(event)
        progress = progress_of(event)
        certificates = list(certificate_rows(event))
        holders = {certificate.registration_id for certificate in certificates}
        waiting = [pk for pk, row in progress.items() if row.eligible and pk not in holders]
        eligible = list(
            Registration.objects.filter(pk__in=waiting).select_related("person").order_by("person__name", "pk")
        )
        for registration in eligible:
            registration.progress = progress[registration.pk].summary()
        context.update(
            {
                "plan": plan,
                "has_rule": bool(plan.completion_rule and plan.completion_value),
                "rule_text": rule_text(plan),
                "eligible": eligible,
                "not_yet": sum(1 for pk, row in progress.items() if not row.eligible and pk not in holders),
                "issued": [c for c in certificates if not c.is_revoked],
                "revoked": [c for c in certificates if c.is_revoked],
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose an action."))
            return redirect(request.path)
        data = form.cleaned_data
        if data["action"] == "print_all":
            return self._print_all()
        try:
            done = getattr(self, f"_{data['action']}")(data)
        except DomainError as error:
            report(request, error)
        else:
            messages.success(request, done)
        # A registration's own page issues its certificate here too, and is shown again.
        return redirect(get_valid_next_url_from_request(request) or request.path)

    def _issue_all(self, data):
        created = issue_eligible(self.event, by=self.request.user)
        if not created:
            return _("Everyone eligible already has a certificate.")
        return ngettext(
            "%(count)s certificate issued; its holder is told by email.",
            "%(count)s certificates issued; their holders are told by email.",
            len(created),
        ) % {"count": len(created)}

    def _print_all(self):
        """Every certificate not revoked, in one PDF drawn by a print job: its page shows the
        progress and the download."""
        total = len(printable(self.event))
        if not total:
            messages.error(self.request, _("No certificate has been issued yet."))
            return redirect(self.request.path)
        job = start_print_job(self.event, PrintJob.Kind.CERTIFICATES, {}, total=total, by=self.request.user)
        return redirect(job_url(job))

    def _issue(self, data):
        registration = Registration.objects.filter(event_id=self.event.pk, pk=data["registration"]).first()
        if registration is None:
            raise AttendanceError(_("This person is not registered for this event."), "not_found")
        certificate, created = issue(registration, by=self.request.user)
        values = {"person": registration.person, "code": grouped(certificate.code)}
        if not created:
            return _("%(person)s already has a certificate (%(code)s).") % values
        return _("Certificate %(code)s issued to %(person)s; they are told by email.") % values

    def _revoke(self, data):
        certificate = Certificate.objects.filter(registration__event_id=self.event.pk, pk=data["certificate"]).first()
        if certificate is None:
            raise AttendanceError(_("This certificate does not exist."), "not_found")
        certificate = revoke(certificate, by=self.request.user, reason=data["reason"])
        return _("Certificate %(code)s revoked.") % {"code": grouped(certificate.code)}
