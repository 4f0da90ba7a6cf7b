"""Importing registrations into one event, for its organisers: upload a list, map its columns
(as last time, or as their headers say), preview every row, confirm. Each step calls the import
service (events/registrations/imports/) and shows its refusals; the file waits between steps in
the site's storage, named by a signed token for this organiser and this event only."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from core.errors import DomainError, report
from core.tasks import outcome, started_by
from events.registrations.imports import service
from events.registrations.imports import tasks as import_tasks
from events.registrations.imports.targets import IGNORE, targets_for
from network import uploads
from network.imports import storage

from .views import EventStaffView


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        validators=[uploads.validate_spreadsheet],
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A Google Forms export, a partner's list or an earlier year's file: CSV (UTF-8 or Windows Arabic) or "
            "XLSX, up to %(size)s MB."
        ) % {"size": uploads.megabytes(uploads.spreadsheet_limit())}


OUTCOMES = {
    service.NEW: gettext_lazy("New person"),
    service.MATCHED: gettext_lazy("Already in the directory"),
    service.REGISTERED: gettext_lazy("Already registered: left out"),
    service.REPEATED: gettext_lazy("Repeated in the file: a later row is kept"),
    service.ERROR: gettext_lazy("Error: left out"),
}
STATUSES = {
    "confirmed": gettext_lazy("Confirmed"),
    "waitlisted": gettext_lazy("Waiting list"),
    "pending": gettext_lazy("Pending approval"),
    "full": gettext_lazy("No seat left"),
}


class Answers:
    """What a finished import says: its refusal on the import's first page, or its count on
    the event's registrations."""

    def answer(self, said):
        if not said["ok"]:
            messages.error(self.request, said["message"])
            return redirect("registrations_admin:import", self.event.pk)
        messages.success(self.request, said["message"])
        return redirect(self.event_url())


class ImportView(Answers, EventStaffView):
    template_name = "registrations/staff/import.html"

    def extra_crumbs(self):
        return [{"url": "", "label": _("Import registrations")}]

    def get_page_subtitle(self):
        return _("Import registrations")

    @property
    def kind(self):
        return import_tasks.storage_kind(self.event)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("step", "upload")
        context.setdefault("form", UploadForm())
        context["registration_settings"] = self.registration_settings
        return context

    def post(self, request, *args, **kwargs):
        step = request.POST.get("step", "upload")
        if step == "upload":
            return self.upload()
        try:
            name, content = storage.load(request.POST.get("token", ""), self.kind, request.user)
            sheet = service.read(name, content)
        except DomainError as error:
            report(request, error)
            return redirect(request.path)
        mapping = {header: request.POST.get(f"map-{index}", IGNORE) for index, header in enumerate(sheet.headers)}
        options = {
            "send_emails": request.POST.get("send_emails") == "on",
            "override_capacity": request.POST.get("override_capacity") == "on",
        }
        if step == "apply":
            return self.apply(name, sheet, mapping, options)
        if step == "map":
            return self.render_mapping(name, sheet, mapping, request.POST.get("token", ""), options)
        return self.preview(name, sheet, mapping, options)

    def upload(self):
        form = UploadForm(self.request.POST, self.request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            sheet = service.read(upload.name, content)
        except DomainError as error:
            form.add_error("file", error.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        token = storage.stash(content, upload.name, self.kind, self.request.user)
        mapping = service.mapping_for(self.event, sheet.headers)
        return self.render_mapping(
            upload.name, sheet, mapping, token, {"send_emails": False, "override_capacity": False}
        )

    def render_mapping(self, name, sheet, mapping, token, options, status=200):
        samples = [cells for _number, cells in sheet.rows[:3]]
        columns = [
            (index, header, mapping.get(header, IGNORE), [row[index] if index < len(row) else "" for row in samples])
            for index, header in enumerate(sheet.headers)
        ]
        context = self.get_context_data(
            step="map",
            file_name=name,
            token=token,
            columns=columns,
            targets=targets_for(self.event),
            options=options,
            rows=len(sheet.rows),
        )
        return self.render_to_response(context, status=status)

    def preview(self, name, sheet, mapping, options):
        token = self.request.POST["token"]
        try:
            result = service.preview(self.event, sheet, mapping, options["override_capacity"])
        except DomainError as error:
            report(self.request, error)
            return self.render_mapping(name, sheet, mapping, token, options, status=400)
        rows = [(row, OUTCOMES[row.outcome], STATUSES.get(row.status, "")) for row in result.rows]
        counts = [(OUTCOMES[outcome], result.counts[outcome]) for outcome in OUTCOMES if result.counts[outcome]]
        statuses = [(STATUSES[status], result.statuses[status]) for status in STATUSES if result.statuses[status]]
        context = self.get_context_data(
            step="preview",
            file_name=name,
            token=token,
            result=result,
            rows=rows,
            counts=counts,
            statuses=statuses,
            importable=len(result.importable),
            mapping=[(index, mapping.get(header, IGNORE)) for index, header in enumerate(sheet.headers)],
            options=options,
        )
        return self.render_to_response(context)

    def apply(self, name, sheet, mapping, options):
        token = self.request.POST["token"]
        if len(sheet.rows) > import_tasks.IN_REQUEST:
            return self.apply_in_background(token, mapping, options)
        try:
            count = import_tasks.import_sheet(self.event, name, sheet, mapping, options, self.request.user)
        except DomainError as error:
            report(self.request, error)
            return self.render_mapping(name, sheet, mapping, token, options, status=400)
        storage.discard(token)
        messages.success(self.request, import_tasks.imported_message(count, name))
        return redirect(self.event_url())

    def apply_in_background(self, token, mapping, options):
        result = import_tasks.import_registrations.enqueue(
            self.event.pk, token, mapping, options, self.request.user.pk, get_language()
        )
        if not result.is_finished:
            return redirect("registrations_admin:import_status", self.event.pk, result.id)
        return self.answer(outcome(result, _("The import could not run. Nothing was imported.")))


class ImportStatusView(Answers, EventStaffView):
    """The page of a long import: waiting while it runs, then what it did. Only the staff
    member who confirmed it, still an organiser of the event, finds it."""

    template_name = "home/tasks/running.html"

    def get(self, request, *args, **kwargs):
        result = started_by(import_tasks.import_registrations, kwargs["result_id"], request.user, position=4)
        if result is None or result.args[0] != self.event.pk:
            raise Http404
        if not result.is_finished:
            return self.render_to_response(self.get_context_data(header_title=_("Import registrations")))
        return self.answer(outcome(result, _("The import could not run. Nothing was imported.")))
