"""Each format of an attendee list, written as the rows come (network.spreadsheets decides
what a cell may hold, for every spreadsheet the site writes):

- CSV and JSON are streamed to the browser a few hundred rows at a time;
- XLSX is written row by row by openpyxl's write-only mode to a temporary file;
- ODS is written row by row into its archive (network/opendocument.py), to a temporary file;
- the PDF is drawn by WeasyPrint in parts of a few hundred rows, joined into one file.
"""

import datetime
import json
import tempfile

from django.template.loader import render_to_string
from django.utils import formats, translation

from core import pdf
from events.attendance.services import printing
from network import opendocument, spreadsheets

CONTENT_TYPES = {
    **spreadsheets.CONTENT_TYPES,
    "json": "application/json",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "pdf": "application/pdf",
}
FORMATS = ("csv", "xlsx", "json", "ods", "pdf")
# Rows per part of a PDF list: each part a few A4 pages.
PDF_PART = 250


def csv_stream(resource, rows):
    return spreadsheets.csv_chunks(resource.get_export_headers(), (resource.export_resource(row) for row in rows))


def _json_value(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value if value is None or isinstance(value, (int, float)) else str(value)


def json_stream(resource, rows, rows_per_chunk=500):
    """``{"columns": {key: header}, "rows": [{key: value}]}``, streamed: the keys are the
    columns' stable names, the same in both languages."""
    keys = [column.key for column in resource.columns]
    headers = dict(zip(keys, resource.get_export_headers(), strict=True))
    yield ('{"columns": ' + json.dumps(headers, ensure_ascii=False) + ', "rows": [').encode()
    parts = []
    for number, row in enumerate(rows):
        values = {key: _json_value(value) for key, value in zip(keys, resource.export_resource(row), strict=True)}
        parts.append(("," if number else "") + json.dumps(values, ensure_ascii=False))
        if len(parts) == rows_per_chunk:
            yield "".join(parts).encode()
            parts = []
    yield ("".join(parts) + "]}").encode()


def xlsx_bytes(resource, rows, title):
    """The workbook, right to left when exported in Arabic; written to a temporary file first,
    so only the finished file is ever read into memory."""
    with tempfile.TemporaryFile() as target:
        spreadsheets.write_xlsx(
            target,
            resource.get_export_headers(),
            (resource.export_resource(row) for row in rows),
            title=title,
            right_to_left=bool(translation.get_language_bidi()),
        )
        target.seek(0)
        return target.read()


def ods_bytes(resource, rows, title):
    """The OpenDocument sheet, right to left when exported in Arabic, written row by row to a
    temporary file like the workbook."""
    with tempfile.TemporaryFile() as target:
        opendocument.write_ods(
            target,
            [spreadsheets.cell(header) for header in resource.get_export_headers()],
            ([spreadsheets.cell(value) for value in resource.export_resource(row)] for row in rows),
            title=title,
            right_to_left=bool(translation.get_language_bidi()),
        )
        target.seek(0)
        return target.read()


# Columns a landscape A4 page holds readably; a list with more is drawn on landscape A3 (a
# printer without A3 shrinks it onto A4), in smaller type past twice as many.
A4_COLUMNS = 14


def pdf_bytes(resource, rows, title, subtitle, progress=None):
    """A printable list: landscape pages, the header row repeated on each, right to left in
    Arabic; words are broken only when one is wider than its column."""
    headers = resource.get_export_headers()
    context = {
        "page_size": "A4" if len(headers) <= A4_COLUMNS else "A3",
        "small": len(headers) > 2 * A4_COLUMNS,
        "title": title,
        "title_css": pdf.css_text(title),
        "subtitle": subtitle,
        "headers": headers,
        "fonts_css": printing.fonts_css(),
        "direction": "rtl" if translation.get_language_bidi() else "ltr",
        "language": translation.get_language(),
    }

    def part(batch):
        html = render_to_string("attendance/exports/list.html", {**context, "rows": batch, "first": batch[0][0] == 1})
        return html, len(batch)

    def parts():
        batch = []
        for number, row in enumerate(rows, start=1):
            batch.append((number, [_printed(value) for value in resource.export_resource(row)]))
            if len(batch) == PDF_PART:
                yield part(batch)
                batch = []
        if batch:
            yield part(batch)

    return printing.render_pdf(parts(), progress)


def _printed(value):
    if isinstance(value, datetime.datetime):
        # As in the spreadsheets, in either language; the time stays beside its date.
        return formats.date_format(value, "Y-m-d\u00a0H:i")
    return "" if value is None else str(value)
