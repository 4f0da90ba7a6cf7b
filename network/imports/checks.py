"""Checks on a whole sheet (its columns) and on each row (values, formulas, repeats) before
anything is matched or saved. Formulas are refused by network.spreadsheets, which also owns
the escaping of exports. Every problem is told in the staff member's language, with
the row number as the spreadsheet shows it."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.text import join, pick
from network.errors import ImportProblem
from network.imports.columns import COLUMNS
from network.spreadsheets import imported_text
from network.text import normalise

NEW, UPDATED, SKIPPED, ERROR = "new", "updated", "skipped", "error"


@dataclass
class RowReport:
    number: int
    status: str
    label: str = ""
    reasons: list = field(default_factory=list)


def map_columns(kind, headers):
    """The column each header names, in order (None for an empty header); raises
    ImportProblem for unknown, repeated or missing columns."""
    columns = COLUMNS[kind]
    lookup = {}
    for column in columns:
        for name in column.header_names():
            lookup.setdefault(name, column)
    mapped, unknown, seen = [], [], set()
    for header in headers:
        if not header:
            mapped.append(None)
            continue
        column = lookup.get(normalise(header))
        if column is None:
            unknown.append(header)
        elif column.key in seen:
            raise ImportProblem(
                _("The column “%(column)s” appears twice. Keep one of them.") % {"column": header}, "duplicate_columns"
            )
        else:
            seen.add(column.key)
        mapped.append(column)
    known = join((column.key for column in columns), quote=True)
    if unknown:
        raise ImportProblem(
            _("These columns are not recognised: %(unknown)s. The columns this import reads are: %(known)s.")
            % {"unknown": join(unknown, quote=True), "known": known},
            "unknown_columns",
        )
    if not seen & {"name", "name_ar"}:
        raise ImportProblem(
            _("The file needs a “name” or a “name_ar” column. The columns this import reads are: %(known)s.")
            % {"known": known},
            "missing_columns",
        )
    return mapped


def row_label(values):
    """The row's name in the staff member's script, else the other one."""
    latin, arabic = values.get("name") or "", values.get("name_ar") or ""
    return pick(arabic, latin)


def _message(error):
    return " ".join(str(message) for message in error.messages)


def _identity(kind, values):
    if values.get("slug"):
        return ("slug", values["slug"])
    if kind == "people" and values.get("email"):
        return ("email", values["email"])
    name = normalise(values.get("name") or "") or normalise(values.get("name_ar") or "")
    return ("name", name, normalise(values.get("organisation") or "") if kind == "people" else "")


def inspect_rows(kind, sheet, columns):
    """Reports for rows that will not reach the database (empty, repeated, invalid), and
    the clean values of the others, as ``(reports, [(row number, values), …])``."""
    reports, clean, seen = {}, [], {}
    for number, cells in sheet.rows:
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            reports[number] = RowReport(number, SKIPPED, reasons=[_("Empty row.")])
            continue
        values, errors = _parse_row(cells, columns)
        label = row_label(values)
        if not errors and not label:
            errors.append(_("Give a name in Latin or Arabic script."))
        if errors:
            reports[number] = RowReport(number, ERROR, label, errors)
            continue
        key = _identity(kind, values)
        if key in seen:
            reports[number] = _repeat_report(number, label, values, *seen[key])
            continue
        seen[key] = (number, values)
        clean.append((number, values))
    return reports, clean


def _parse_row(cells, columns):
    """The row's values by column key (None for an empty cell), and what is wrong with them."""
    width = len(columns)
    errors, values = [], {}
    if any(cells[width:]):
        errors.append(_("This row has more values than the file has columns."))
    for column, raw in zip(columns, cells + [""] * (width - len(cells)), strict=False):
        if column is None:
            if raw:
                errors.append(_("A value stands in a column without a header."))
            continue
        if not raw:
            values[column.key] = None
            continue
        try:
            values[column.key] = column.parse(imported_text(raw))
        except ValidationError as error:
            errors.append(f"{column.label}: {_message(error)}")
    return values, errors


def _repeat_report(number, label, values, first_number, first_values):
    """A row describing the record of an earlier row: skipped when it says the same, refused
    when its details differ."""
    if first_values == values:
        return RowReport(number, SKIPPED, label, [_("Repeats row %(row)s.") % {"row": first_number}])
    return RowReport(
        number,
        ERROR,
        label,
        [
            _("Describes the same record as row %(row)s with different details. Keep one of the two rows.")
            % {"row": first_number}
        ],
    )
