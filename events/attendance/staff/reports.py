"""Online-meeting reports for one event's organisers: upload the report Zoom, Microsoft Teams or
Google Meet exported, see whom each row matched, link the rest by hand, and confirm. A file whose
columns Multaqa cannot recognise (titles in another language, renamed) first goes to a step
where its organiser chooses what each column holds. Each screen calls the import service
(services/meeting_import.py) and turns its refusals into messages."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from core.ids import record_ids
from core.text import is_arabic
from events.attendance.errors import AttendanceError
from events.attendance.meeting_reports import (
    CHOSEN,
    MAX_BYTES,
    OTHER,
    TOOLS,
    ColumnsError,
    check_columns,
    find_header,
    known_columns,
)
from events.attendance.models import MeetingReportUpload
from events.attendance.services import meeting_import
from events.attendance.services.records import recorder_name
from events.attendance.slots import plan_for, slots_for
from events.dates import clock, day
from events.registrations.services.people import StaffDetails
from network.text import normalise, written_in_arabic

from .overview import AttendanceStaffView

# Refusals about the day or session rather than the file: shown beside the slot's field.
SLOT_CODES = {"another_day", "no_date", "not_a_slot", "several_slots", "no_slot"}
LINK_PREFIX = "link-"


def reports_url(event):
    return reverse("attendance_admin:reports", args=[event.pk])


def report_url(upload):
    return reverse("attendance_admin:report", args=[upload.event_id, upload.key])


def columns_url(upload):
    return reverse("attendance_admin:report_columns", args=[upload.event_id, upload.key])


def tool_label(tool):
    """The name of an upload's meeting tool; "Other" for one its organiser named as none of
    the three, a dash while its columns are being chosen."""
    if tool == OTHER:
        return pgettext("meeting tool", "Other")
    return TOOLS.get(tool, tool) or "—"


def person_names(registration):
    """A registration's person as staff see them: both names, the active language's script
    first, else the email."""
    shown = StaffDetails(registration)
    names = (shown.name_ar, shown.name) if is_arabic() else (shown.name, shown.name_ar)
    return list(dict.fromkeys(name for name in names if name)) or [shown.email]


def person_label(registration):
    """``person_names`` and the email as the text of a list's option, each part isolated so
    that Arabic and Latin script keep their order in either direction:
    «هاني ضوة — Hani Dawa — hani@example.org»; two people of one name differ by their email."""
    shown = StaffDetails(registration)
    parts = [*person_names(registration), shown.email]
    return " — ".join(f"\u2068{part}\u2069" for part in dict.fromkeys(part for part in parts if part))


def direction_of(name):
    """The direction a name from a report reads in: that of its first letter; a phone number
    ("+964 770 *** 4567") reads left to right."""
    first = next((char for char in name if char.isalpha()), "")
    return "rtl" if written_in_arabic(first) else "ltr"


def moment(value, zone):
    local = timezone.localtime(value, zone)
    return f"{day(local)} {clock(local)}"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Attendance report"),
        help_text=gettext_lazy(
            "The participants or attendance report as Zoom, Microsoft Teams or Google Meet exported it: "
            "CSV or XLSX, up to 5 MB."
        ),
        allow_empty_file=True,  # the reader says why an empty file cannot be used
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )
    tool = forms.ChoiceField(
        label=gettext_lazy("Meeting tool"),
        choices=[("", gettext_lazy("Tell from the file")), *TOOLS.items()],
        required=False,
    )
    slot = forms.ChoiceField(label=gettext_lazy("Day or session"), required=False)

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [
            ("", _("The one on the meeting's date, as the report says")),
            *((slot.key, slot.label) for slot in slots),
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 5 MB. Upload one meeting's report at a time."), code="too_large"
            )
        return upload


# What each choice of the columns step says a column holds.
HELD_LABELS = {
    "name": gettext_lazy("Name"),
    "first_name": gettext_lazy("First name"),
    "last_name": gettext_lazy("Last name"),
    "email": gettext_lazy("Email"),
    "start": gettext_lazy("Join time"),
    "end": gettext_lazy("Leave time"),
    "duration": gettext_lazy("Duration"),
    "waiting": gettext_lazy("In the waiting room"),
}
HELD_HELP = {
    "name": gettext_lazy("The name the meeting showed. Required, unless you choose the first and the last names."),
    "first_name": gettext_lazy("Only for a file that has the first and the last names in two columns."),
    "email": gettext_lazy("Optional. Matches attendees to registrations first, and joins one person's rows."),
    "start": gettext_lazy("With the leave time: when each person was in the meeting."),
    "duration": gettext_lazy(
        "Required unless you choose the join and the leave times. In minutes (62), or as 1h 2m 3s or 1:02:03."
    ),
    "waiting": gettext_lazy(
        "Optional, for a Zoom report: the rows it marks yes (or true, 1, نعم, oui, sí) are time in the waiting "
        "room, not in the meeting, and are left out."
    ),
}


def column_label(index, title):
    """The text of a column's option: its number in the file and its title, which may be long
    or in another script than the page's."""
    title = f"\u2068{Truncator(title).chars(60)}\u2069"
    return _("Column %(number)s: %(title)s") % {"number": index + 1, "title": title}


class ColumnsForm(forms.Form):
    """Which column of the file's header holds what, the meeting tool and the day or session.
    The columns offered are the header's titled ones; ``columns`` is the choice, checked by
    the reader's own rules (``check_columns``)."""

    tool = forms.ChoiceField(
        label=gettext_lazy("Meeting tool"),
        help_text=gettext_lazy(
            "For Microsoft Teams, whose participants list gives each person's first join and last leave, "
            "the minutes are taken from the duration column when you choose one."
        ),
    )

    def __init__(self, *args, header, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.header = header
        columns = [("", _("Not in the file"))]
        columns += [(str(index), column_label(index, title)) for index, title in enumerate(header.cells) if title]
        for held in CHOSEN:
            self.fields[held] = forms.ChoiceField(
                label=HELD_LABELS[held], help_text=HELD_HELP.get(held, ""), choices=columns, required=False
            )
        self.fields["tool"].choices = [("", "—"), *TOOLS.items(), (OTHER, pgettext("meeting tool", "Other"))]
        self.fields["slot"] = forms.ChoiceField(label=_("Day or session"), required=False)
        self.fields["slot"].choices = [
            ("", _("The one on the meeting's date, as the report says")),
            *((slot.key, slot.label) for slot in slots),
        ]
        self.order_fields([*CHOSEN, "tool", "slot"])

    def column_fields(self):
        return [self[held] for held in CHOSEN]

    def clean(self):
        cleaned = super().clean()
        if any(held in self.errors for held in CHOSEN):
            return cleaned  # a value that is none of the choices: Django says so beside it
        columns = {held: int(cleaned[held]) for held in CHOSEN if cleaned.get(held)}
        try:
            cleaned["columns"] = check_columns(self.header.cells, columns)
        except ColumnsError as error:
            self.add_error(error.held or None, str(error.message))
        return cleaned


class ReportsScreen(AttendanceStaffView):
    header_icon = "upload"

    @cached_property
    def slots(self):
        return slots_for(self.shown_event, plan_for(self.event))

    def slot_label(self, key):
        return next((slot.label for slot in self.slots if slot.key == key), key)

    def reports_crumb(self):
        return {"url": reports_url(self.event), "label": _("Online-meeting reports")}


class ReportsView(ReportsScreen):
    """The upload form and the reports uploaded before."""

    template_name = "attendance/staff/reports.html"

    def more_crumbs(self):
        return [{**self.reports_crumb(), "url": ""}]

    def get_page_subtitle(self):
        return _("Online-meeting reports")

    def form(self):
        if self.request.method == "POST":
            return UploadForm(self.request.POST, self.request.FILES, slots=self.slots)
        return UploadForm(slots=self.slots)

    def uploads(self):
        minimum = plan_for(self.event).minimum_minutes
        uploads = MeetingReportUpload.objects.shown().filter(event=self.event).select_related("uploaded_by")
        return [
            {
                "upload": upload,
                "url": columns_url(upload) if upload.awaiting_columns else report_url(upload),
                "awaiting_columns": upload.awaiting_columns,
                "tool": tool_label("" if upload.awaiting_columns else upload.tool),
                "slot": self.slot_label(upload.slot),
                "uploaded": moment(upload.uploaded_at, self.event.zone),
                "by": recorder_name(upload.uploaded_by),
                "applied": moment(upload.applied_at, self.event.zone) if upload.applied_at else "",
                "counts": meeting_import.counts_of(upload.rows, minimum),
            }
            for upload in uploads.order_by("-uploaded_at", "-pk")[:100]
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or self.form()
        context["uploads"] = self.uploads()
        return context

    def post(self, request, *args, **kwargs):
        form = self.form()
        if form.is_valid():
            data = form.cleaned_data
            try:
                upload = meeting_import.read_upload(
                    self.event,
                    data["file"].read(),
                    filename=data["file"].name,
                    tool=data["tool"] or None,
                    slot_key=data["slot"],
                    by=request.user,
                )
            except AttendanceError as error:
                kept = self.keep_for_columns(data) if error.code == "unknown_tool" else None
                if kept is not None:
                    return redirect(columns_url(kept))
                form.add_error("slot" if error.code in SLOT_CODES else "file", str(error.message))
            else:
                return redirect(report_url(upload))
        messages.error(request, _("The report could not be read. See the reason below."))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def keep_for_columns(self, data):
        """The upload of a file whose columns were not recognised, kept for its organiser to
        choose them; None when it has no header row to choose from."""
        data["file"].seek(0)
        try:
            return meeting_import.keep_for_columns(
                self.event,
                data["file"].read(),
                filename=data["file"].name,
                tool=data["tool"] or None,
                slot_key=data["slot"],
                by=self.request.user,
            )
        except AttendanceError:
            return None


class ReportView(ReportsScreen):
    """One uploaded report: its rows matched, too short, ambiguous and unmatched; links by
    hand; the confirmation that records everyone present at once."""

    template_name = "attendance/staff/report.html"

    @cached_property
    def upload(self):
        upload = (
            MeetingReportUpload.objects.shown()
            .filter(event=self.event, key=self.kwargs["key"])
            .select_related("uploaded_by")
            .first()
        )
        if upload is None:
            raise Http404
        return upload

    def get(self, request, *args, **kwargs):
        if self.upload.awaiting_columns:
            return redirect(columns_url(self.upload))
        return super().get(request, *args, **kwargs)

    def more_crumbs(self):
        return [self.reports_crumb(), {"url": "", "label": self.upload.filename or _("Report")}]

    def get_page_subtitle(self):
        return self.upload.filename or _("Online-meeting report")

    def links(self):
        """The rows staff linked by hand in this request: row key → registration id."""
        links = {}
        for name, value in self.request.POST.items():
            ids = record_ids([value])
            if name.startswith(LINK_PREFIX) and ids:
                links[name[len(LINK_PREFIX) :]] = ids[0]
        return links

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        upload = self.upload
        preview = meeting_import.preview(upload)
        linked = kwargs.get("linked", {})
        for row in preview.rows:
            row.selected = linked.get(row.key)
            names = person_names(row.registration) if row.registration else []
            row.label_names = [(name, direction_of(name)) for name in names]
            row.names_shown = [(name, direction_of(name)) for name in row.row["names"]]
            row.candidate_choices = [(candidate.pk, person_label(candidate)) for candidate in row.candidates]
        choices = sorted(
            ((registration.pk, person_label(registration)) for registration in preview.registrations),
            key=lambda choice: normalise(choice[1]),
        )
        labels = {
            "present": _("Present"),
            "short": _("Too short"),
            "ambiguous": _("Ambiguous"),
            "unmatched": _("Not matched"),
        }
        context.update(
            {
                "upload": upload,
                "preview": preview,
                "tool": tool_label(upload.tool),
                "slot": self.slot_label(upload.slot),
                "uploaded": moment(upload.uploaded_at, self.event.zone),
                "uploaded_by": recorder_name(upload.uploaded_by),
                "applied": moment(upload.applied_at, self.event.zone) if upload.applied_at else "",
                "groups": [(status, labels[status], preview.having(status)) for status in labels],
                "choices": choices,
                "reports_url": reports_url(self.event),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.upload.awaiting_columns:
            return redirect(columns_url(self.upload))
        links = self.links()
        try:
            counts = meeting_import.apply_upload(self.upload, by=request.user, links=links)
        except AttendanceError as error:
            messages.error(request, str(error.message))
            self.upload.refresh_from_db()
            return self.render_to_response(self.get_context_data(linked=links), status=400)
        messages.success(
            request,
            _("Attendance recorded. Newly present: %(recorded)s. Already recorded before: %(already)s.") % counts,
        )
        return redirect(report_url(self.upload))


class ColumnsView(ReportsScreen):
    """A file whose columns were not recognised: its header's columns with the first rows under
    them, and the choice of what each holds; once chosen, the file is read with them and the
    upload goes on to its preview. An upload that no longer waits for its columns sends to its
    preview."""

    template_name = "attendance/staff/report_columns.html"

    @cached_property
    def upload(self):
        upload = (
            MeetingReportUpload.objects.filter(event=self.event, key=self.kwargs["key"])
            .select_related("uploaded_by")
            .first()
        )
        if upload is None:
            raise Http404
        return upload

    @cached_property
    def header(self):
        try:
            return find_header(bytes(self.upload.content))
        except AttendanceError:
            return None

    def more_crumbs(self):
        return [self.reports_crumb(), {"url": "", "label": self.upload.filename or _("Report")}]

    def get_page_subtitle(self):
        return _("Choose the columns")

    def form(self):
        if self.request.method == "POST":
            return ColumnsForm(self.request.POST, header=self.header, slots=self.slots)
        initial = {held: str(index) for held, index in known_columns(self.header.cells).items()}
        tool = self.upload.tool if self.upload.tool in TOOLS else ""
        initial.update(tool=tool, slot=self.upload.slot)
        return ColumnsForm(header=self.header, slots=self.slots, initial=initial)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        header = self.header
        columns = [
            {"number": index + 1, "title": title, "samples": [row[index] for row in header.samples]}
            for index, title in enumerate(header.cells)
            if title
        ]
        context.update(
            {
                "upload": self.upload,
                "form": kwargs.get("form") or self.form(),
                "header": header,
                "columns": columns,
                "reports_url": reports_url(self.event),
            }
        )
        return context

    def waiting(self):
        """None while the upload waits for its columns, else where to go instead."""
        if self.upload.content is None:
            return redirect(report_url(self.upload))
        if self.header is None:  # a file read before cannot be now: say so rather than fail
            messages.error(self.request, _("This file cannot be read any more. Upload it again."))
            return redirect(reports_url(self.event))
        return None

    def get(self, request, *args, **kwargs):
        return self.waiting() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        elsewhere = self.waiting()
        if elsewhere:
            return elsewhere
        form = self.form()
        if form.is_valid():
            data = form.cleaned_data
            try:
                upload = meeting_import.read_columns(
                    self.upload, data["columns"], tool=data["tool"], slot_key=data["slot"]
                )
            except ColumnsError as error:
                form.add_error(error.held or None, str(error.message))
            except AttendanceError as error:
                if error.code == "columns_chosen":
                    return redirect(report_url(self.upload))
                form.add_error("slot" if error.code in SLOT_CODES else None, str(error.message))
            else:
                return redirect(report_url(upload))
        messages.error(request, _("The report could not be read with these columns. See the reason below."))
        return self.render_to_response(self.get_context_data(form=form), status=400)
