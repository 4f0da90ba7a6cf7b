"""The attendee list export of one event, opened from its registrations list with the list's
filters and search: the organiser (or a reporter of the event) chooses the format and the
columns, in their order; the choice is remembered for the event. CSV and JSON stream at once;
a long spreadsheet or PDF becomes a print job with its progress. Every export is written to the
event's audit log."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.errors import DomainError, report
from events import audit
from events.attendance.exports import service
from events.attendance.exports.columns import all_columns
from events.attendance.exports.writers import CONTENT_TYPES
from events.attendance.models import PrintJob
from events.attendance.tasks import start_print_job
from events.permissions import reports_policy
from events.registrations.staff.filters import described, filtered_list_url, list_query

from .overview import AttendanceStaffView
from .printing import job_url

FORMAT_LABELS = [
    ("xlsx", gettext_lazy("Excel (XLSX)")),
    ("csv", gettext_lazy("CSV (UTF-8, opens in Excel)")),
    ("ods", gettext_lazy("OpenDocument (ODS)")),
    ("json", gettext_lazy("JSON")),
    ("pdf", gettext_lazy("Printable list (PDF)")),
]


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=pgettext_lazy("kind of file", "Format"), choices=FORMAT_LABELS, initial="xlsx", widget=forms.RadioSelect
    )


class ExportView(AttendanceStaffView):
    template_name = "attendance/staff/export.html"
    policy = reports_policy

    def extra_crumbs(self):
        return [
            {"url": filtered_list_url(self.event, self.query), "label": _("Registrations")},
            {"url": "", "label": _("Export")},
        ]

    def get_page_subtitle(self):
        return _("Export the attendee list")

    @cached_property
    def query(self):
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        return list_query(data, self.event)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        columns = all_columns(self.event, self.shown_event)
        chosen = kwargs.get("chosen") or service.remembered_keys(self.event)
        by_key = {column.key: column for column in columns}
        ordered = [by_key[key] for key in chosen if key in by_key] + [c for c in columns if c.key not in chosen]
        try:
            count = service.registrations_for(self.event, self.query).count()
        except DomainError as error:
            report(self.request, error)
            count = None
        context.update(
            {
                "form": kwargs.get("form") or ExportForm(),
                "columns": [(position, column, column.key in chosen) for position, column in enumerate(ordered, 1)],
                "query": self.query,
                "query_shown": described(self.query, self.event),
                "count": count,
                "list_url": filtered_list_url(self.event, self.query),
                "in_request": service.IN_REQUEST,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ExportForm(request.POST)
        keys = self.ordered_keys()
        if not form.is_valid():
            messages.error(request, _("Choose a format."))
            return self.render_to_response(self.get_context_data(form=form, chosen=keys), status=400)
        file_format = form.cleaned_data["format"]
        try:
            columns = service.chosen_columns(self.event, keys, self.shown_event)
            registrations = service.registrations_for(self.event, self.query)
        except DomainError as error:
            report(request, error)
            return self.render_to_response(self.get_context_data(form=form, chosen=keys), status=400)
        service.remember(self.event, keys, by=request.user)
        count = registrations.count()
        audit.record(
            self.event, audit.EXPORT, request.user, rows=count, format=file_format, filters=self.query, columns=keys
        )
        name = service.file_name(self.event, file_format)
        if file_format in service.STREAMED:
            response = StreamingHttpResponse(
                service.stream(self.event, file_format, columns, registrations), content_type=CONTENT_TYPES[file_format]
            )
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        if count <= service.IN_REQUEST[file_format]:
            content = service.draw(self.event, file_format, columns, registrations, self.shown_event)
            response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
            disposition = "inline" if file_format == "pdf" else "attachment"
            response["Content-Disposition"] = f'{disposition}; filename="{name}"'
            return response
        options = service.job_options(file_format, keys, self.query)
        job = start_print_job(self.event, PrintJob.Kind.EXPORT, options, total=count, by=request.user)
        return redirect(job_url(job))

    def ordered_keys(self):
        """The ticked columns in the order of their position numbers (then as listed)."""
        ticked = self.request.POST.getlist("column")
        positions = {}
        for index, key in enumerate(ticked):
            try:
                positions[key] = (int(self.request.POST.get(f"position-{key}", "")), index)
            except ValueError:
                positions[key] = (10**6, index)
        return sorted(dict.fromkeys(ticked), key=lambda key: positions[key])
