"""The two steps of an import: a preview that changes nothing, and the confirmed import,
which writes every row in one transaction or nothing at all."""

import logging
from dataclasses import dataclass, field

import tablib
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.signal_handlers import disable_reference_index_auto_update

from core.text import join
from network.errors import ImportProblem
from network.imports.checks import ERROR, NEW, SKIPPED, UPDATED, RowReport, inspect_rows, map_columns, row_label
from network.imports.reading import read_upload
from network.imports.resources import RESOURCES, ROW, RepeatedRecord

logger = logging.getLogger(__name__)
PREVIEW_ROWS = 200
STATUS = {"new": NEW, "update": UPDATED, "skip": SKIPPED, "error": ERROR, "invalid": ERROR, "delete": ERROR}


@dataclass
class Report:
    kind: str
    rows: list = field(default_factory=list)
    columns: list = field(default_factory=list)

    @property
    def counts(self):
        counts = {NEW: 0, UPDATED: 0, SKIPPED: 0, ERROR: 0}
        for row in self.rows:
            counts[row.status] += 1
        return counts

    @property
    def can_apply(self):
        counts = self.counts
        return not counts[ERROR] and bool(counts[NEW] + counts[UPDATED])

    @property
    def shown_rows(self):
        """Every row with an error, then the others up to a readable length."""
        errors = [row for row in self.rows if row.status == ERROR]
        others = [row for row in self.rows if row.status != ERROR][: max(PREVIEW_ROWS - len(errors), 20)]
        return sorted(errors + others, key=lambda row: row.number)


def preview(kind, name, content):
    """What importing the file would do, row by row. Nothing is written."""
    return _run(kind, name, content, dry_run=True)


def apply(kind, name, content):
    """Imports the file in one transaction; raises ImportProblem (and writes nothing) if any
    row has an error or there is nothing to import."""
    with transaction.atomic():
        report = _run(kind, name, content, dry_run=False)
        counts = report.counts
        if counts[ERROR]:
            raise ImportProblem(
                ngettext(
                    "Nothing was imported: %(count)s row has an error. Correct the file and upload it again.",
                    "Nothing was imported: %(count)s rows have errors. Correct the file and upload it again.",
                    counts[ERROR],
                )
                % {"count": counts[ERROR]},
                "row_errors",
            )
        if not counts[NEW] + counts[UPDATED]:
            raise ImportProblem(_("Nothing to import: every row is empty, repeated or unchanged."), "nothing_to_import")
    return report


def _run(kind, name, content, dry_run):
    if kind not in RESOURCES:
        raise ImportProblem(_("Unknown kind of import."), "unknown_kind")
    sheet = read_upload(name, content)
    columns = map_columns(kind, sheet.headers)
    reports, clean = inspect_rows(kind, sheet, columns)
    keys = [column.key for column in columns if column is not None]
    dataset = tablib.Dataset(headers=[ROW, *keys])
    for number, values in clean:
        dataset.append([number, *(values.get(key) for key in keys)])
    resource = RESOURCES[kind]()
    # Wagtail's reference index would be refreshed after every save, one record at a time.
    # An import sets no field it records (photos, logos, accounts; affiliations are not
    # tracked, see Affiliation.organisation), so it is left alone.
    with disable_reference_index_auto_update():
        result = resource.import_data(
            dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
        )
    if result.base_errors:
        for error in result.base_errors:
            logger.error("directory import failed: %s", error.error, exc_info=error.error)
        raise ImportProblem(_("The import could not run. Nothing was imported."), "failed")
    labels = {column.key: str(column.label) for column in columns if column is not None}
    for row_result, (number, values) in zip(result.rows, clean, strict=True):
        reports[number] = _row_report(resource, row_result, number, values, labels)
    return Report(kind=kind, rows=[reports[number] for number in sorted(reports)], columns=list(labels.values()))


def _row_report(resource, row_result, number, values, labels):
    status = STATUS.get(row_result.import_type, ERROR)
    report = RowReport(number, status, row_label(values))
    if row_result.validation_error is not None:
        for field_name, messages in row_result.validation_error.message_dict.items():
            label = labels.get(field_name) or field_name
            report.reasons.extend(f"{label}: {message}" for message in messages)
    elif row_result.errors and isinstance(row_result.errors[0].error, RepeatedRecord):
        report.reasons.append(
            _("Describes the same record as row %(row)s with different details. Keep one of the two rows.")
            % {"row": row_result.errors[0].error.first_row}
        )
    elif row_result.errors:
        problem = type(row_result.errors[0].error).__name__
        report.reasons.append(_("This row could not be saved (%(problem)s).") % {"problem": problem})
    elif status == SKIPPED:
        report.reasons.append(_("Already up to date."))
    elif status == UPDATED and resource.changes.get(number):
        changed = [labels.get(key, key) for key in dict.fromkeys(resource.changes[number])]
        report.reasons.append(_("Changes: %(fields)s.") % {"fields": join(changed)})
    for _note, organisation in resource.notes.get(number, []):
        report.reasons.append(_("Adds the organisation “%(name)s” to the directory.") % {"name": organisation})
    return report
