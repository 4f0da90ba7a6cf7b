"""Text in spreadsheets, in and out: the one place that decides what a cell may hold, for every
export and import of the site (the directory, attendee lists).

A spreadsheet runs a cell as a formula when its text starts with "=", "+", "-" or "@", and some
do so after leading spaces, a tab, a carriage return or invisible control characters too. So a
value is first normalised (control characters other than tab and line breaks removed: they
never belong in a name or a note, and XLSX cannot hold them), then checked:

- on export, a value that would run gets a leading apostrophe and opens as text; in XLSX every
  text value is also written as a string cell, so no cell is ever a formula;
- on import, a value our export protected comes back without its apostrophe, and any other
  formula is refused with a message that says so.

"+" or "-" before something that is only a number or a phone number ("+964 770 123 4567",
"-") is not escaped: a spreadsheet can only compute such a value, never call anything with it.
CSV files carry the UTF-8 byte-order mark, which Excel needs to show Arabic.
"""

import csv
import datetime
import io
import itertools
import re
import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# C0 and C1 control characters, and DEL, except tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
NUMBER_LIKE = re.compile(r"[+\-][\d\s().\-/]*")
ESCAPE = "'"
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def normalise(value):
    """``value`` without control characters (tab and line breaks are kept)."""
    return CONTROL_CHARACTERS.sub("", value)


def _ignorable(char):
    """Characters a spreadsheet may skip before reading a sign: spaces, line breaks and
    invisible formatting marks (right-to-left marks, zero-width spaces, the byte-order mark)."""
    return char.isspace() or unicodedata.category(char) == "Cf"


def formula_sign(value):
    """The character that would make a spreadsheet run ``value`` (already normalised) as a
    formula, or "" when it is plain text."""
    if not value:
        return ""
    if value[0].isalnum():  # most text: a letter or digit first is never a sign
        return ""
    if value[0] in "\t\r":
        return value[0]
    start = 0
    while start < len(value) and _ignorable(value[start]):
        start += 1
    rest = value[start:]
    sign = rest[:1]
    if sign in ("=", "@") or (sign in ("+", "-") and not NUMBER_LIKE.fullmatch(rest)):
        return sign
    return ""


def escape(value):
    """A cell's text for export: normalised, with an apostrophe before anything a spreadsheet
    would run."""
    if not isinstance(value, str):
        return value
    if value.isprintable() and value[:1].isalnum():
        return value  # most text: no control character (they are never printable), no sign first
    value = normalise(value)
    return ESCAPE + value if formula_sign(value) else value


def imported_text(value):
    """A cell's text from an uploaded file: normalised and without surrounding spaces; the
    apostrophe our export put before a formula-like value is taken off again. Raises
    ValidationError for a formula."""
    value = normalise(value).strip()
    if value[:1] == ESCAPE and formula_sign(value[1:]):
        return value[1:].strip()
    sign = formula_sign(value)
    if sign:
        raise ValidationError(
            _("it holds a spreadsheet formula (it starts with “%(sign)s”). Formulas are not imported: type the value."),
            params={"sign": sign},
            code="formula",
        )
    return value


def cell(value):
    """A value as a cell holds it: numbers, dates and times as themselves (a time without its
    zone, which spreadsheets cannot hold), yes/no for a boolean, any text escaped."""
    if value.__class__ is str:  # most cells: checked first
        return escape(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, (int, float, Decimal, datetime.date)):
        return value
    return escape(str(value))


def csv_chunks(headers, rows, rows_per_chunk=500):
    """UTF-8 CSV (the byte-order mark first) of ``headers`` and ``rows`` as a stream of byte
    strings of a few hundred rows each, every cell escaped: a list of any length is sent as it
    is read, never held whole."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([cell(header) for header in headers])
    first = True
    for number, row in enumerate(rows, start=1):
        writer.writerow([cell(value) for value in row])
        if number % rows_per_chunk == 0:
            yield buffer.getvalue().encode("utf-8-sig" if first else "utf-8")
            first = False
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8-sig" if first else "utf-8")


def to_csv(headers, rows):
    """UTF-8 CSV (with the byte-order mark) of ``headers`` and ``rows``, every cell escaped."""
    return b"".join(csv_chunks(headers, rows))


# Column widths are measured on the header and this many first rows: the rest are written as
# they come, never held.
WIDTH_SAMPLE = 200


def write_xlsx(target, headers, rows, title="", right_to_left=False):
    """Writes an XLSX workbook of ``headers`` and ``rows`` to ``target`` (a path or a binary
    file): every text value an escaped string cell, numbers and dates as themselves, the header
    row bold and frozen, columns as wide as their text (up to a limit), the sheet right to left
    when ``right_to_left``. The workbook is written row by row (openpyxl's write-only mode)."""
    write_workbook(target, [(title, headers, rows)], right_to_left)


def write_workbook(target, sheets, right_to_left=False):
    """``write_xlsx`` with several sheets, ``[(title, headers, rows)]``, in one workbook (a
    report's breakdowns)."""
    import openpyxl  # imported here: only spreadsheet downloads need it

    workbook = openpyxl.Workbook(write_only=True)
    for title, headers, rows in sheets:
        _add_sheet(workbook, headers, rows, title, right_to_left)
    workbook.save(target)


def _add_sheet(workbook, headers, rows, title, right_to_left):
    from openpyxl.cell import WriteOnlyCell  # imported here: only spreadsheet downloads need it
    from openpyxl.styles import Font  # the same
    from openpyxl.utils import get_column_letter  # the same

    headers = [cell(header) for header in headers]
    rows = iter(rows)
    sample = [[cell(value) for value in row] for row in itertools.islice(rows, WIDTH_SAMPLE)]
    sheet = workbook.create_sheet(title=re.sub(r"[\\*?:/\[\]]", "-", title)[:31] or "Sheet1")
    sheet.freeze_panes = "A2"
    sheet.sheet_view.rightToLeft = right_to_left
    for index, header in enumerate(headers):
        width = max([len(str(header))] + [len(str(row[index])) for row in sample if index < len(row)])
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(width, 8) + 2, 60)
    bold = Font(bold=True)

    def cells(values, font=None):
        for value in values:
            written = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                written.data_type = "s"  # never a formula, whatever the text starts with
            if font is not None:
                written.font = font
            yield written

    sheet.append(list(cells(headers, bold)))
    for row in sample:
        sheet.append(list(cells(row)))
    for row in rows:
        sheet.append(list(cells([cell(value) for value in row])))


def to_xlsx(headers, rows, title="", right_to_left=False):
    """The bytes of ``write_xlsx``'s workbook."""
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows, title, right_to_left)
    return buffer.getvalue()


def to_xlsx_sheets(sheets, right_to_left=False):
    """The bytes of ``write_workbook``'s workbook of ``sheets``."""
    buffer = io.BytesIO()
    write_workbook(buffer, sheets, right_to_left)
    return buffer.getvalue()


def render(headers, rows, file_format, title=""):
    """``(content bytes, content type)`` of a sheet in ``file_format`` ("csv" or "xlsx")."""
    if file_format == "xlsx":
        return to_xlsx(headers, rows, title), CONTENT_TYPES["xlsx"]
    return to_csv(headers, rows), CONTENT_TYPES["csv"]
