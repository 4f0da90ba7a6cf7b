"""Importing registrations into one event, for its organisers: upload a list, map its columns
(as last time, or as their headers say), preview every row, confirm. Each step calls the import
service (events/registrations/imports/) and shows its refusals; the file waits between steps in
the site's storage, named by a signed token for this organiser and this event only."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.errors import DomainError, report
from events import audit
from events.registrations.imports import service
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


class ImportView(EventStaffView):
    template_name = "registrations/staff/import.html"

    def extra_crumbs(self):
        return [{"url": "", "label": _("Import registrations")}]

    def get_page_subtitle(self):
        return _("Import registrations")

    @property
    def kind(self):
        return f"registrations-{self.event.pk}"

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
        try:
            created = service.apply(self.event, sheet, mapping, by=self.request.user, **options)
        except DomainError as error:
            report(self.request, error)
            return self.render_mapping(name, sheet, mapping, token, options, status=400)
        service.remember(self.event, mapping, by=self.request.user)
        storage.discard(token)
        audit.record(
            self.event,
            audit.IMPORT,
            self.request.user,
            rows=len(created),
            file=name,
            columns={header: key for header, key in mapping.items() if key},
            emails=options["send_emails"],
            beyond_capacity=options["override_capacity"],
        )
        messages.success(
            self.request,
            ngettext(
                "%(count)s registration imported from %(file)s.",
                "%(count)s registrations imported from %(file)s.",
                len(created),
            )
            % {"count": len(created), "file": name},
        )
        return redirect(self.event_url())
