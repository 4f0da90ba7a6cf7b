"""Exporting the directory as CSV or XLSX with django-import-export.

Spreadsheet formulas are escaped: a text cell that a spreadsheet would run as a formula
(starting with "=", "@", a tab or a carriage return, or "+"/"-" followed by anything but a
number) gets a leading apostrophe, so it opens as text. The import reads the apostrophe back
off, so an exported file can be edited and imported again. CSV files carry the UTF-8
byte-order mark, which Excel needs to show Arabic.
"""

import re

from django.db.models import Prefetch
from django.utils import timezone
from import_export.formats.base_formats import CSV, XLSX
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from network.imports.resources import RESOURCES
from network.models import Affiliation

FORMATS = {"csv": CSV, "xlsx": XLSX}
NUMBER_LIKE = re.compile(r"[+\-][\d\s().\-/]*")


def escape_formula(value):
    if not isinstance(value, str) or not value:
        return value
    if value[0] in ("=", "@", "\t", "\r") or (value[0] in ("+", "-") and not NUMBER_LIKE.fullmatch(value)):
        value = "'" + value
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def export(kind, queryset, file_format):
    """``(content bytes, content type, file name)`` for ``queryset`` in ``file_format``."""
    if kind == "people":
        affiliations = Affiliation.objects.select_related("organisation")
        queryset = queryset.prefetch_related(Prefetch("affiliations", queryset=affiliations))
    dataset = RESOURCES[kind]().export(queryset.order_by("name", "pk"))
    escaped = dataset.__class__(headers=dataset.headers)
    for row in dataset:
        escaped.append([escape_formula(cell) for cell in row])
    output_format = FORMATS[file_format]()
    content = output_format.export_data(escaped)
    if isinstance(content, str):
        content = content.encode("utf-8-sig")
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return content, output_format.get_content_type(), f"multaqa-{kind}-{stamp}.{file_format}"
