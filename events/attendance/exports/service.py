"""Exporting an event's attendee list: the columns chosen (and remembered for the event), the
registrations the list's filters and search give, and the file in the format asked for.

CSV and JSON stream to the browser however long the list. A spreadsheet or PDF of a long list
is drawn by a print job (events/attendance/tasks.py) with its progress; a short one within the
request. Every export is recorded in the event's audit log by the screen that starts it."""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.attendance.errors import AttendanceError
from events.attendance.models import ExportChoice
from events.attendance.services import printing
from events.registrations.models import Registration
from events.registrations.staff.filters import FiltersNotUnderstood, listed
from events.translation import localized_events

from . import writers
from .columns import AttendeeResource, all_columns
from .rows import rows_of

FORMATS = writers.FORMATS
STREAMED = ("csv", "json")
# The longest list drawn within the request, per format; a longer one becomes a print job.
IN_REQUEST = {"xlsx": 2000, "ods": 2000, "pdf": 100}


def remembered_keys(event):
    """The columns last chosen for ``event``'s list, still offered; every column at first."""
    offered = [column.key for column in all_columns(event)]
    choice = ExportChoice.objects.filter(event_id=event.canonical.pk).first()
    if choice is None:
        return offered
    kept = [key for key in choice.columns if key in offered]
    return kept or offered


def chosen_columns(event, keys, shown_event=None):
    """The columns for ``keys``, in their order; ``bad_columns`` for none or one the event's
    list does not have (a tampered form)."""
    columns = {column.key: column for column in all_columns(event, shown_event)}
    keys = list(dict.fromkeys(keys))
    if not keys:
        raise AttendanceError(_("Choose at least one column."), "no_columns")
    unknown = [key for key in keys if key not in columns]
    if unknown:
        raise AttendanceError(
            _("The list of columns was not understood. Reload the page and try again."), "bad_columns"
        )
    return [columns[key] for key in keys]


def remember(event, keys, by=None):
    with transaction.atomic():
        ExportChoice.objects.update_or_create(
            event_id=event.canonical.pk,
            defaults={"columns": list(keys), "updated_by": by if by is not None and by.is_authenticated else None},
        )


def registrations_for(event, query):
    """The event's registrations as its list shows them with ``query``; ``bad_filter`` for a
    filter value the list does not offer."""
    registrations = Registration.objects.filter(event_id=event.canonical.pk)
    try:
        return listed(query, registrations, event.canonical)
    except FiltersNotUnderstood:
        raise AttendanceError(
            _("The list's filters were not understood. Choose them again on the list and export from there."),
            "bad_filter",
        ) from None


def file_name(event, file_format, day=None):
    day = day or timezone.localdate()
    return f"attendees-{event.canonical.slug}-{day:%Y-%m-%d}.{file_format}"


def stream(event, file_format, columns, registrations):
    """The CSV or JSON of ``registrations``, as a stream of byte strings, its values in the
    language active now (the stream is read after the view has returned, when the request's
    language may no longer be active)."""
    resource = AttendeeResource(columns)
    rows = rows_of(registrations)
    chunks = writers.json_stream(resource, rows) if file_format == "json" else writers.csv_stream(resource, rows)
    return _in_language(chunks, translation.get_language())


def _in_language(chunks, language):
    with translation.override(language):
        yield from chunks


def title_of(event, shown_event=None):
    return _("Attendee list: %(event)s") % {"event": (shown_event or event).title}


def draw(event, file_format, columns, registrations, shown_event=None, progress=None):
    """The XLSX, ODS or PDF of ``registrations`` as bytes."""
    resource = AttendeeResource(columns)
    rows = rows_of(registrations)
    title = title_of(event, shown_event)
    if file_format == "xlsx":
        return writers.xlsx_bytes(resource, rows, _("Attendees"))
    if file_format == "ods":
        return writers.ods_bytes(resource, rows, _("Attendees"))
    if file_format == "pdf":
        count = registrations.count()
        subtitle = _("%(count)s people · exported %(date)s") % {
            "count": count,
            "date": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        }
        return writers.pdf_bytes(resource, rows, title, subtitle, progress)
    raise AttendanceError(_("Choose a format."), "bad_format")


def job_options(file_format, keys, query):
    return {"format": file_format, "columns": list(keys), "query": dict(query), "language": translation.get_language()}


def draw_job(job, progress):
    """Draws an export job from its options, in the language it was asked in:
    ``(content, file name, number of rows)``."""
    options = job.options
    with translation.override(options.get("language") or "ar"):
        event = job.event
        shown = localized_events([event], translation.get_language(), live_only=False)[0]
        columns = chosen_columns(event, options.get("columns", ()), shown)
        registrations = registrations_for(event, options.get("query", {}))
        total = registrations.count()
        printing.counted(job, total)
        file_format = options["format"]
        counted_progress = progress if file_format == "pdf" else None
        content = draw(event, file_format, columns, registrations, shown, counted_progress)
        if counted_progress is None:
            progress(total)
        return content, file_name(event, file_format), total
