"""The programme and network report as staff and funders read it: the context its page and its
PDF share, the PDF on A4 pages in the admin's language and direction, the workbook (key figures,
the events, a sheet per breakdown) and the downloads' names. The figures are
``programme.programme_report``'s; here they are only laid out."""

from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.text import is_arabic
from events.attendance.services.printing import fonts_css, render_pdf

from . import documents


def key_figures(report):
    """``[(label, number)]``: the figures the page, the PDF and the workbook lead with."""
    figures = [
        (_("Events"), len(report.events)),
        (_("Unique participants"), report.participants),
        (_("Took part in more than one event"), report.repeat),
    ]
    if report.network is not None:
        figures.append((_("New members of the network"), report.new_members))
    return [
        *figures,
        (_("Countries"), report.countries),
        (_("Governorates of Iraq"), report.governorates),
        (_("Certificates issued"), report.certificates),
        (_("Hours of training"), round(report.hours, 2)),
    ]


def sentences(report):
    """``[(language, sentence)]``: the sentence for funders in the admin's language, then in the
    other one."""
    languages = ("ar", "en") if is_arabic() else ("en", "ar")
    return [(language, report.sentence(language)) for language in languages]


def programme_context(report, chosen, year, shown, for_print=False):
    """What the page and the PDF show: the report of ``chosen`` (a network or an organisation)
    in ``year`` (or every year), its events as ``shown`` (in the admin's language)."""
    return {
        **documents.document_context(report.breakdowns, for_print),
        "report": report,
        "chosen": chosen,
        "year": year,
        "figures": key_figures(report),
        "rows": list(zip(report.events, shown, strict=True)),
        "sentences": sentences(report),
        "for_print": for_print,
    }


def programme_pdf(report, chosen, year, shown):
    """The report on A4 pages, in the active language and its direction."""
    context = {**programme_context(report, chosen, year, shown, for_print=True), "fonts_css": fonts_css()}
    return render_pdf([(render_to_string("reporting/programme_report_pdf.html", context), 1)])


def programme_sheets(report, shown):
    """``[(title, headers, rows)]``: the key figures and the two sentences, one row per event,
    then one sheet per breakdown, headed in the active language."""
    figures = key_figures(report) + [
        (_("For funders (Arabic)") if language == "ar" else _("For funders (English)"), sentence)
        for language, sentence in sentences(report)
    ]
    headers = [_("Event"), _("Starts"), _("Ends"), _("Participants")]
    if report.network is not None:
        headers.append(_("New members"))
    events = []
    for row, event in zip(report.events, shown, strict=True):
        new = [row.new_members] if report.network is not None else []
        events.append(
            (
                event.title,
                row.event.local_start.date(),
                row.event.local_end.date(),
                row.participants,
                *new,
                round(row.hours, 2),
            )
        )
    return [
        (_("Key figures"), [_("Figure"), _("Number")], figures),
        (_("Events"), [*headers, _("Hours")], events),
        *documents.breakdown_sheets(report.breakdowns),
    ]


def render(report, chosen, year, shown, file_format):
    """``(content, content type)`` of the report as ``file_format``: "pdf" or "xlsx"."""
    if file_format == "pdf":
        return programme_pdf(report, chosen, year, shown), documents.PDF
    return documents.workbook(programme_sheets(report, shown))


def file_name(chosen, year, file_format):
    """``programme-kaiciid-dialogue-network-2025-2026-12-04.pdf``: the network's or the
    organisation's slug, the year when one is chosen, and today's date."""
    return documents.dated_name(["programme", slugify(chosen.slug) or chosen.pk, year], file_format)
