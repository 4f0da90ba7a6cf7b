"""Exporting the directory as CSV or XLSX: django-import-export's resources give the columns
and values, network.spreadsheets writes them with every formula escaped. The import reads the
escaping back off, so an exported file can be edited and imported again."""

from django.db.models import Prefetch
from django.utils import timezone

from network import spreadsheets
from network.imports.resources import RESOURCES
from network.models import Affiliation

FORMATS = spreadsheets.FORMATS


def export(kind, queryset, file_format):
    """``(content bytes, content type, file name)`` for ``queryset`` in ``file_format``."""
    if kind == "people":
        affiliations = Affiliation.objects.select_related("organisation")
        queryset = queryset.prefetch_related(Prefetch("affiliations", queryset=affiliations))
    dataset = RESOURCES[kind]().export(queryset.order_by("name", "pk"))
    content, content_type = spreadsheets.render(dataset.headers, dataset, file_format, title=kind)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return content, content_type, f"multaqa-{kind}-{stamp}.{file_format}"
