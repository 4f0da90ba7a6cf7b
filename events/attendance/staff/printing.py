"""The organisers' printing screens of one event: badges (layout, who, and the role each person
has on their badge), sign-in sheets per slot with marking from a signed sheet, and the page of a
print job that draws a long PDF in the background. Each screen calls the printing services and
shows their refusals as messages."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.errors import DomainError, report
from events.attendance.exports.writers import CONTENT_TYPES
from events.attendance.figures import slot_rows
from events.attendance.models import PrintJob
from events.attendance.services import badges, printing, sheets
from events.attendance.slots import slot_for, slots_for
from events.attendance.tasks import start_print_job
from events.permissions import can_manage_event, reports_policy
from events.registrations.models import ParticipantRole

from .overview import AttendanceStaffView


def pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def file_response(content, filename):
    """``content`` as the download ``filename``, its type from its extension."""
    extension = filename.rpartition(".")[2]
    if extension == "pdf":
        return pdf_response(content, filename)
    response = HttpResponse(content, content_type=CONTENT_TYPES.get(extension, "application/octet-stream"))
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def job_url(job):
    return reverse("attendance_admin:print_job", args=[job.event_id, job.key])


class BadgeForm(forms.Form):
    WHO = [
        ("all", gettext_lazy("Everyone confirmed")),
        ("roles", gettext_lazy("The roles ticked below")),
        ("ticked", gettext_lazy("The people ticked in the list")),
    ]
    layout = forms.ChoiceField(
        label=gettext_lazy("Layout"), choices=badges.Layout.choices, initial=badges.Layout.A6, widget=forms.RadioSelect
    )
    who = forms.ChoiceField(label=gettext_lazy("Badges for"), choices=WHO, initial="all", widget=forms.RadioSelect)
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Roles"),
        choices=ParticipantRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role on the badge"), choices=ParticipantRole.choices)


class BadgesView(AttendanceStaffView):
    """Choose the layout and who, print; or give the ticked people a role."""

    template_name = "attendance/staff/badges.html"

    def more_crumbs(self):
        return [{"url": "", "label": _("Badges")}]

    def get_page_subtitle(self):
        return _("Badges")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        people = badges.chosen(self.event)
        context.update(
            {
                "form": kwargs.get("form") or BadgeForm(),
                "role_form": RoleForm(),
                "people": [(r, badges.COLOURS[r.badge_role], badges.role_label(r.badge_role)) for r in people],
                "in_request": badges.IN_REQUEST,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        ticked = request.POST.getlist("registration")
        try:
            if request.POST.get("action") == "set_role":
                return self.set_role(ticked)
            return self.print(ticked)
        except DomainError as error:
            report(request, error)
            return redirect(request.path)

    def set_role(self, ticked):
        form = RoleForm(self.request.POST)
        role = form.cleaned_data["role"] if form.is_valid() else ""
        count = badges.set_role(self.event, ticked, role, by=self.request.user)
        messages.success(
            self.request,
            ngettext("Role set for %(count)s person.", "Role set for %(count)s people.", count) % {"count": count},
        )
        return redirect(self.request.path)

    def print(self, ticked):
        form = BadgeForm(self.request.POST)
        if not form.is_valid():
            messages.error(self.request, _("Choose a layout and who the badges are for."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        roles = data["roles"] if data["who"] == "roles" else ()
        ids = ticked if data["who"] == "ticked" else ()
        if data["who"] == "ticked" and not ticked:
            messages.error(self.request, _("Tick the people whose badges you want to print."))
            return redirect(self.request.path)
        chosen = badges.chosen(self.event, roles=roles, ids=ids)
        if not chosen:
            messages.error(self.request, _("No confirmed participant has the roles chosen."))
            return redirect(self.request.path)
        if len(chosen) <= badges.IN_REQUEST:
            return pdf_response(
                badges.badges_pdf(self.event, chosen, data["layout"]), badges.file_name(self.event, data["layout"])
            )
        options = badges.job_options(data["layout"], roles, ids)
        job = start_print_job(self.event, PrintJob.Kind.BADGES, options, total=len(chosen), by=self.request.user)
        return redirect(job_url(job))


class SheetsView(AttendanceStaffView):
    """The event's slots, each with its sign-in sheet and its marking screen."""

    template_name = "attendance/staff/sheets.html"

    def more_crumbs(self):
        return [{"url": "", "label": _("Sign-in sheets")}]

    def get_page_subtitle(self):
        return _("Sign-in sheets")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        confirmed = printing.confirmed_registrations(self.event).count()
        context["slots"] = slot_rows(self.event, slots_for(self.shown_event), confirmed)
        context["people"] = confirmed
        return context


class SlotMixin:
    @cached_property
    def slot(self):
        try:
            return slot_for(self.shown_event, self.kwargs["slot"])
        except DomainError:
            raise Http404 from None

    def sheets_crumb(self):
        return {"url": reverse("attendance_admin:sheets", args=[self.event.pk]), "label": _("Sign-in sheets")}


class SheetPdfView(SlotMixin, AttendanceStaffView):
    """The sheet of one slot in the language asked for: drawn now, or by a print job when long."""

    def get(self, request, *args, **kwargs):
        """The sheet is drawn on a POST; the address itself leads to the list of sheets (or is
        not found, for a slot that is not the event's)."""
        return redirect("attendance_admin:sheets", self.event.pk) if self.slot else None

    def post(self, request, *args, **kwargs):
        language = request.POST.get("language", "ar")
        slot = self.slot
        try:
            listed = sheets.rows(self.event, language if language in sheets.LANGUAGES else "ar")
            if len(listed) <= sheets.IN_REQUEST:
                pdf = sheets.sheet_pdf(self.event, slot.key, language, listed=listed)
                return pdf_response(pdf, sheets.file_name(self.event, slot.key, language))
            options = sheets.job_options(slot.key, language)
            job = start_print_job(self.event, PrintJob.Kind.SHEET, options, total=len(listed), by=request.user)
        except DomainError as error:
            report(request, error)
            return redirect("attendance_admin:sheets", self.event.pk)
        return redirect(job_url(job))


class SheetMarkView(SlotMixin, AttendanceStaffView):
    """A screen that mirrors the sheet (same order, same numbers) with a tick box per person;
    those already recorded for the slot show ticked and cannot be changed here."""

    template_name = "attendance/staff/sheet_mark.html"

    def more_crumbs(self):
        return [self.sheets_crumb(), {"url": "", "label": self.slot.label}]

    def get_page_subtitle(self):
        return _("Mark from the signed sheet")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = sheets.marking_rows(self.event, self.slot)
        context.update({"slot": self.slot, "rows": rows, "recorded": sum(1 for _row, record in rows if record)})
        return context

    def post(self, request, *args, **kwargs):
        try:
            counts = sheets.mark(self.event, self.slot.key, request.POST.getlist("present"), by=request.user)
        except DomainError as error:
            report(request, error)
            return redirect(request.path)
        messages.success(
            request,
            ngettext(
                "%(count)s person recorded as present from the signed sheet.",
                "%(count)s people recorded as present from the signed sheet.",
                counts["recorded"],
            )
            % {"count": counts["recorded"]},
        )
        return redirect(request.path)


class JobMixin:
    """A print job's pages: for the event's organisers, and for a reporter of the event the
    attendee lists they asked for themselves."""

    policy = reports_policy

    @cached_property
    def job(self):
        try:
            job = printing.job_for(self.event, self.kwargs["key"])
        except DomainError:
            raise Http404 from None
        if not can_manage_event(self.request.user, self.event) and not (
            job.kind == PrintJob.Kind.EXPORT and job.requested_by_id == self.request.user.pk
        ):
            raise Http404
        return job


class JobView(JobMixin, AttendanceStaffView):
    """A print job's progress, and its download once it is drawn."""

    template_name = "attendance/staff/printing_job.html"

    def more_crumbs(self):
        return [{"url": "", "label": self.job.get_kind_display()}]

    def get_page_subtitle(self):
        return str(self.job.get_kind_display())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"job": self.job, "status": printing.job_status(self.job)})
        return context


class JobStatusView(JobMixin, AttendanceStaffView):
    def get(self, request, *args, **kwargs):
        return JsonResponse(printing.job_status(self.job))


class JobPdfView(JobMixin, AttendanceStaffView):
    """The finished file: a PDF opens in the browser, a spreadsheet is downloaded."""

    def get(self, request, *args, **kwargs):
        try:
            content = printing.job_file(self.job)
        except DomainError as error:
            report(request, error)
            return redirect(job_url(self.job))
        return file_response(content, self.job.filename)
