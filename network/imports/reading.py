"""Turning an uploaded file into rows of text, or a clear reason why it cannot be read.

CSV files may be UTF-8 (with or without the byte-order mark Excel adds) or Windows-1256, the
encoding Excel uses for Arabic text on Windows. The file is checked first (network/uploads.py:
its size, and a workbook or text by its content), and formula cells are kept as their formula
text so the checks can refuse them. Every cell is normalised (control characters removed) as it is read.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from network import spreadsheets, uploads
from network.errors import ImportProblem

MAX_ROWS = 50_000
OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


@dataclass
class Sheet:
    headers: list
    rows: list  # (spreadsheet row number, [cell text, …])
    file_format: str
    encoding: str = ""


def read_upload(name, content):
    uploads.check_size(len(content))
    if not content:
        raise ImportProblem(_("The file is empty."), "empty_file")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "xlsx":
        sheet = _read_xlsx(content)
    elif extension in ("csv", "txt"):
        uploads.check_text(content)
        sheet = _read_csv(content)
    else:
        raise ImportProblem(_("Upload a CSV or an XLSX file."), "unsupported_format")
    if not any(sheet.headers):
        raise ImportProblem(_("The first row must name the columns; it is empty."), "no_header")
    if not any(any(cells) for _number, cells in sheet.rows):
        raise ImportProblem(_("The file has a header row but no data under it."), "no_rows")
    return sheet


def _decode(content):
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in content[:4096]:
        raise uploads.not_text()
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = content.decode("cp1256")
    # Control characters other than tab and line breaks do not occur in real spreadsheets.
    if any(ord(char) < 32 and char not in "\t\r\n" for char in text[:100_000]):
        raise _unknown_encoding()
    return text, "windows-1256"


def _unknown_encoding():
    return ImportProblem(_("The file's encoding is not recognised. Save it as “CSV UTF-8” and try again."), "encoding")


def _read_csv(content):
    try:
        text, encoding = _decode(content)
    except UnicodeDecodeError as error:
        raise _unknown_encoding() from error
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        for index, cells in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
            if index > MAX_ROWS + 1:
                raise _too_many_rows()
            rows.append((index, [spreadsheets.normalise(cell).strip() for cell in cells]))
    except csv.Error as error:
        raise ImportProblem(
            _("The CSV file is malformed near line %(line)s.") % {"line": len(rows) + 1}, "malformed"
        ) from error
    if not rows:
        raise ImportProblem(_("The file is empty."), "empty_file")
    return Sheet(headers=rows[0][1], rows=rows[1:], file_format="csv", encoding=encoding)


def _too_many_rows():
    return ImportProblem(
        _("The file has more than %(limit)s rows. Split it into smaller files.") % {"limit": f"{MAX_ROWS:,}"},
        "too_many_rows",
    )


def _read_xlsx(content):
    uploads.check_workbook(content)
    rows = _workbook_rows(content)
    if not rows:
        raise ImportProblem(_("The file is empty."), "empty_file")
    headers = rows[0][1]
    while headers and not headers[-1]:
        headers = headers[:-1]
    return Sheet(headers=headers, rows=rows[1:], file_format="xlsx")


def _workbook_rows(content):
    """The first worksheet's rows as ``(row number, [cell text, …])``."""
    import openpyxl  # imported here: only imports need it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        worksheet = workbook.worksheets[0]
        rows = []
        for index, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
            if index > MAX_ROWS + 1:
                raise _too_many_rows()
            rows.append((index, [_cell_text(value) for value in cells]))
        workbook.close()
    except ImportProblem:
        raise
    except Exception as error:  # openpyxl raises many kinds of error for a damaged workbook
        raise uploads.not_a_workbook() from error
    return rows


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    # Array and data-table formulas come back as objects rather than text.
    if type(value).__name__ in {"ArrayFormula", "DataTableFormula"}:
        return "=" + str(getattr(value, "text", "") or "").lstrip("=")
    # Excel writes control characters in text as "_x0001_"; they are read back as themselves
    # and then removed, as in a CSV file.
    text = OOXML_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), str(value))
    return spreadsheets.normalise(text).strip()
