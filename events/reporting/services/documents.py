"""The event report as staff read it: the context the page and the PDF share (figures, charts,
tables), the PDF drawn by WeasyPrint with the shipped fonts, the workbook with a sheet per
breakdown, and the downloads' names."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.text import is_arabic
from events.attendance.services.printing import fonts_css, render_pdf
from network import spreadsheets

from . import charts
from .event_report import PARTICIPANTS

PDF = "application/pdf"


def document_context(breakdowns, for_print=False):
    """What every report's page and PDF share: their language and direction, the day drawn,
    and a chart beside each table of ``breakdowns`` that has rows."""
    return {
        "language": (get_language() or "ar").split("-")[0],
        "direction": "rtl" if is_arabic() else "ltr",
        "sections": [(breakdown, charts.bar_chart(breakdown, for_print)) for breakdown in breakdowns if breakdown.rows],
        "drawn_on": date_format(timezone.localdate(), "j F Y"),
    }


def report_context(report, shown_event, for_print=False):
    """What the page and the PDF show: ``report`` with a chart beside each of its tables."""
    return {
        **document_context(report.charts, for_print),
        "report": report,
        "shown_event": shown_event,
        "described_participants": report.base == PARTICIPANTS,
        "timeline_chart": charts.timeline_chart(report.timeline, _("Registrations over time"), for_print),
    }


def report_pdf(report, shown_event):
    """The report on A4 pages, in the active language and its direction."""
    context = {**report_context(report, shown_event, for_print=True), "fonts_css": fonts_css()}
    return render_pdf([(render_to_string("reporting/event_report_pdf.html", context), 1)])


def report_sheets(report):
    """``[(title, headers, rows)]``: the key figures, the registrations per day, then one sheet
    per breakdown, headed in the active language."""
    figures = [
        (_("Registrations"), report.registered),
        (_("Confirmed"), report.confirmed),
        (_("Capacity"), report.capacity if report.capacity else ""),
        (_("Participants"), report.people),
        (_("Countries"), report.countries),
        (_("Governorates"), report.governorates),
        (_("Certificates issued"), report.certificates),
    ]
    for network, new, returning in report.networks:
        figures += [
            (_("New members: %(network)s") % {"network": network.display_name}, new),
            (_("Returning members: %(network)s") % {"network": network.display_name}, returning),
        ]
    figures += report.more_figures
    sheets = [
        (_("Key figures"), [_("Figure"), _("Number")], figures),
        (
            _("Registrations over time"),
            [_("Day"), _("Registered that day"), _("Registered in all")],
            [(day.day, day.registered, day.cumulative) for day in report.timeline],
        ),
    ]
    return sheets + breakdown_sheets(report.charts)


def breakdown_sheets(breakdowns):
    """A sheet per breakdown: its groups with their numbers and shares (or rates)."""
    sheets = []
    for breakdown in breakdowns:
        headers = [str(breakdown.title), _("Number"), _("Rate (%)") if breakdown.unit == "percent" else _("Share (%)")]
        sheets.append((str(breakdown.title), headers, [(row.label, row.count, row.percent) for row in breakdown.rows]))
    return sheets


def workbook(sheets):
    """``(content, content type)`` of a workbook of ``sheets``, right to left in Arabic."""
    return spreadsheets.to_xlsx_sheets(sheets, right_to_left=is_arabic()), spreadsheets.CONTENT_TYPES["xlsx"]


def render(report, shown_event, file_format):
    """``(content, content type)`` of the report as ``file_format``: "pdf" or "xlsx"."""
    if file_format == "pdf":
        return report_pdf(report, shown_event), PDF
    return workbook(report_sheets(report))


def dated_name(parts, file_format):
    """A download's name: ``parts`` (slugs, a year), then today's date."""
    return "-".join([*(str(part) for part in parts if part), timezone.localdate().isoformat()]) + f".{file_format}"


def file_name(event, file_format):
    """``report-point-iraq-2018-2026-12-04.pdf``: the event's slug and today's date."""
    return dated_name(["report", slugify(event.slug) or event.pk], file_format)
